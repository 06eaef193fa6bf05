#include "models/writedescription.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QUrlQuery>

namespace portico {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("portico::WriteDescription", text);
}

QString compactJson(const QJsonValue &v)
{
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (v.isString())
        return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    if (v.isNull() || v.isUndefined())
        return QStringLiteral("null");
    // Numbers and booleans: through an array, so they print as JSON does.
    const QString array = QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact));
    return array.mid(1, array.size() - 2);
}
} // namespace

QString summarizeJson(const QJsonValue &value, int maxLength)
{
    QString out;
    if (value.isObject()) {
        QStringList parts;
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            if (it.key() != QLatin1String("reason"))
                parts << it.key() + QLatin1Char('=') + (it.value().isString() ? it.value().toString() : compactJson(it.value()));
        out = parts.join(QStringLiteral(", "));
    } else {
        out = compactJson(value);
    }
    if (out.size() > maxLength)
        out = out.left(maxLength - 1) + QChar(0x2026);
    return out;
}

JournalEntry describeWrite(const WriteRecord &w, const QString &profile)
{
    JournalEntry e;
    e.at = w.sentAt.isValid() ? w.sentAt.toUTC() : QDateTime::currentDateTimeUtc();
    e.profile = profile;
    e.reason = w.reason.trimmed();
    e.ok = w.ok();
    e.httpStatus = w.status;
    e.problemType = w.problem.type;
    e.problemDetail = w.problem.detail.isEmpty() ? w.problem.title : w.problem.detail;
    e.requestId = w.requestId;
    e.method = QString::fromLatin1(w.verb);
    e.path = w.query.isEmpty() ? w.path : w.path + QLatin1Char('?') + w.query;

    const QJsonObject body = QJsonDocument::fromJson(w.body).object();
    const QJsonObject answer = w.answer.object();
    const QStringList seg = w.path.split(QLatin1Char('/'), Qt::SkipEmptyParts); // "v1", "tenants", id, …
    const QString user = QUrlQuery(w.query).queryItemValue(QStringLiteral("user"), QUrl::FullyDecoded);
    const auto withUser = [&user](const QString &key) { return user.isEmpty() ? key : tr("%1 (user %2)").arg(key, user); };
    const QString verb = e.method;
    const bool tenants = seg.size() >= 2 && seg.at(1) == QLatin1String("tenants");
    const bool flags = seg.size() >= 3 && seg.at(1) == QLatin1String("flags");
    if (tenants && seg.size() >= 3)
        e.tenantId = seg.at(2).toLower();

    if (tenants && seg.size() == 2 && verb == QLatin1String("POST")) {
        e.action = tr("Create tenant");
        e.tenantId = answer.value(QStringLiteral("id")).toString();
        e.tenantName = body.value(QStringLiteral("name")).toString();
        e.after = summarizeJson(body);
    } else if (tenants && seg.size() == 3 && verb == QLatin1String("PATCH")) {
        e.action = tr("Edit tenant");
        e.after = summarizeJson(body);
        if (const QString name = answer.value(QStringLiteral("name")).toString(); !name.isEmpty())
            e.tenantName = name;
    } else if (tenants && seg.size() == 5 && seg.at(3) == QLatin1String("config") && verb == QLatin1String("PUT")) {
        const QJsonValue value = body.value(QStringLiteral("value"));
        e.action = value.isNull() ? tr("Remove configuration value") : tr("Set configuration");
        e.target = withUser(seg.at(4));
        e.after = value.isNull() ? QString() : summarizeJson(value);
    } else if (tenants && seg.size() == 7 && seg.at(3) == QLatin1String("config") && seg.at(6) == QLatin1String("revert")) {
        e.action = tr("Revert configuration");
        e.target = answer.value(QStringLiteral("key")).toString();
        if (e.target.isEmpty())
            e.target = tr("history entry %1").arg(seg.at(5));
        if (answer.contains(QStringLiteral("value")))
            e.after = summarizeJson(answer.value(QStringLiteral("value")));
    } else if (tenants && seg.size() == 5 && seg.at(3) == QLatin1String("flags")) {
        e.action = verb == QLatin1String("DELETE") ? tr("Remove flag override") : tr("Set flag override");
        e.target = withUser(seg.at(4));
        if (verb != QLatin1String("DELETE"))
            e.after = summarizeJson(body.value(QStringLiteral("value")));
    } else if (flags && seg.size() == 3 && verb == QLatin1String("PATCH")) {
        e.action = tr("Change flag");
        e.target = seg.at(2);
        e.after = summarizeJson(body);
    } else if (flags && seg.size() == 5 && seg.at(3) == QLatin1String("overrides") && seg.at(4) == QLatin1String("bulk")) {
        e.action = tr("Bulk flag overrides");
        e.target = seg.at(2);
        e.after = summarizeJson(body);
    } else if (seg.size() == 4 && seg.at(1) == QLatin1String("alerts")
               && (seg.at(3) == QLatin1String("acknowledge") || seg.at(3) == QLatin1String("resolve"))) {
        e.action = seg.at(3) == QLatin1String("acknowledge") ? tr("Acknowledge alert") : tr("Resolve alert");
        e.target = seg.at(2);
        e.tenantId = answer.value(QStringLiteral("tenant_id")).toString();
        e.after = answer.value(QStringLiteral("state")).toString();
    } else {
        e.action = verb + QLatin1Char(' ') + w.path;
        e.after = summarizeJson(body);
    }
    return e;
}

} // namespace portico
