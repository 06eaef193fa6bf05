#pragma once
// All cryptography comes from libsodium: argon2id password hashes, random tokens, SHA-256.

#include <QByteArray>
#include <QString>

namespace portico::auth {

bool initCrypto(); // call once at start; false when libsodium cannot initialise
QString hashPassword(const QString &password);                       // argon2id, encoded string
bool verifyPassword(const QString &encodedHash, const QString &password);
// A new random 256-bit secret, base64url, behind a prefix that says what it is ("pto_", "ptt_").
QString newToken(const char *prefix);
QByteArray sha256(const QByteArray &data);

} // namespace portico::auth
