#include "tests/support/serverfixture.h"

namespace portico::test {

PgCluster &ServerFixture::addCluster(const QString &name, const QString &region)
{
    m_others.emplace_back(std::make_unique<PgCluster>(), std::make_pair(name, region));
    return *m_others.back().first;
}

bool ServerFixture::start(const QStringList &extraArgs)
{
    if (!m_home.start()) {
        m_error = m_home.errorString();
        return false;
    }
    m_server = std::make_unique<ServerProcess>(m_home);
    for (auto &[cluster, where] : m_others) {
        if (!cluster->start()) {
            m_error = cluster->errorString();
            return false;
        }
        m_server->addCluster(*cluster, where.first, where.second);
    }
    if (!m_server->start(extraArgs)) {
        m_error = m_server->errorString();
        return false;
    }
    m_op = std::make_unique<HttpTestClient>(m_server->baseUrl(), m_server->operatorToken());
    return true;
}

std::unique_ptr<HttpTestClient> ServerFixture::client(const QString &token) const
{
    return std::make_unique<HttpTestClient>(m_server->baseUrl(), token);
}

TestTenant ServerFixture::makeTenant(const TenantSpec &spec)
{
    TestTenant t;
    t.name = spec.name;
    QJsonObject body{{QStringLiteral("name"), spec.name}, {QStringLiteral("admin_email"), spec.adminEmail}};
    const std::pair<const char *, QString> optional[] = {{"isolation", spec.isolation}, {"region", spec.region}, {"plan", spec.plan}, {"state", spec.state}};
    for (const auto &[member, value] : optional)
        if (!value.isEmpty())
            body.insert(QLatin1String(member), value);
    const auto created = m_op->post(QStringLiteral("/v1/tenants"), body);
    if (created.status != 201) {
        t.error = QStringLiteral("POST /v1/tenants gave %1: %2").arg(created.status).arg(QString::fromUtf8(created.body));
        return t;
    }
    t.id = created.json().value(QStringLiteral("id")).toString();
    t.slug = created.json().value(QStringLiteral("slug")).toString();
    t.placement = created.json().value(QStringLiteral("placement")).toObject();
    if (spec.liftLimits && m_op->liftLimits(t.id) != 200)
        t.error = QStringLiteral("cannot lift the limits of %1").arg(t.slug);
    if (!spec.limits.isEmpty()) {
        const auto limits = m_op->request("PUT", QStringLiteral("/v1/tenants/%1/limits").arg(t.id), spec.limits, {{"X-Portico-Reason", "test"}});
        if (limits.status != 200)
            t.error = QStringLiteral("PUT limits gave %1: %2").arg(limits.status).arg(QString::fromUtf8(limits.body));
    }
    const auto token = m_op->request("POST", QStringLiteral("/v1/tenants/%1/tokens").arg(t.id), "{}", {{"Content-Type", "application/json"}});
    if (token.status != 201)
        t.error = QStringLiteral("POST tokens gave %1: %2").arg(token.status).arg(QString::fromUtf8(token.body));
    t.token = token.json().value(QStringLiteral("token")).toString();
    t.tokenId = token.json().value(QStringLiteral("id")).toString();
    return t;
}

} // namespace portico::test
