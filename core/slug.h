#pragma once
#include <QString>

namespace portico {
// A slug is a tenant's stable, URL-safe handle: 3 to 63 of [a-z0-9-], starting and ending alphanumeric.
bool isValidSlug(const QString &slug);
// Derives a slug candidate from a display name ("Zoë & Co. GmbH" -> "zoe-co-gmbh").
QString slugify(const QString &name);
} // namespace portico
