#pragma once
// What a change the console sent means to an operator: the journal entry of one WriteRecord
// (ApiClient::writeFinished). Pure; the tenant's name and the "before" of a tenant edit are
// filled in by the caller, who has the directory.

#include "client/apiclient.h"
#include "models/activityjournal.h"

namespace portico {

JournalEntry describeWrite(const WriteRecord &write, const QString &profile);
// A JSON body or answer in one line: "plan=pro, state=active" for an object (without "reason"),
// compact JSON otherwise; cut to `maxLength` characters.
QString summarizeJson(const QJsonValue &value, int maxLength = 300);

} // namespace portico
