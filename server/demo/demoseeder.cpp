#include "server/demo/demoseeder.h"
#include "core/slug.h"
#include "server/store/database.h"
#include "server/store/tenantsession.h"
#include "server/tenants/provisioner.h"
#include <QRandomGenerator>
#include <QSet>

namespace portico::demo {
namespace {
const QStringList kFirst{
    QStringLiteral("Northwind"), QStringLiteral("Bluefin"), QStringLiteral("Cobalt"), QStringLiteral("Harbor"), QStringLiteral("Juniper"),
    QStringLiteral("Kestrel"), QStringLiteral("Lumen"), QStringLiteral("Meridian"), QStringLiteral("Nimbus"), QStringLiteral("Orchard"),
    QStringLiteral("Pinecrest"), QStringLiteral("Quarry"), QStringLiteral("Redwood"), QStringLiteral("Saffron"), QStringLiteral("Tidewater"),
    QStringLiteral("Umber"), QStringLiteral("Vantage"), QStringLiteral("Willow"), QStringLiteral("Yarrow"), QStringLiteral("Zephyr"),
    QStringLiteral("Alder"), QStringLiteral("Basalt"), QStringLiteral("Cedar"), QStringLiteral("Driftwood"), QStringLiteral("Ember"),
    QStringLiteral("Fjord"), QStringLiteral("Granite"), QStringLiteral("Heron"), QStringLiteral("Ironbridge"), QStringLiteral("Larkspur"),
    QStringLiteral("Mosaic"), QStringLiteral("Oakmont"), QStringLiteral("Paragon"), QStringLiteral("Riverside"), QStringLiteral("Summit"),
    QStringLiteral("Trillium"), QStringLiteral("Evergreen"), QStringLiteral("Brightline"), QStringLiteral("Halcyon"), QStringLiteral("Sterling")};
const QStringList kSecond{
    QStringLiteral("Logistics"), QStringLiteral("Analytics"), QStringLiteral("Health"), QStringLiteral("Dental Group"), QStringLiteral("Legal"),
    QStringLiteral("Manufacturing"), QStringLiteral("Foods"), QStringLiteral("Energy"), QStringLiteral("Architects"), QStringLiteral("Robotics"),
    QStringLiteral("Insurance"), QStringLiteral("Freight"), QStringLiteral("Clinics"), QStringLiteral("Studios"), QStringLiteral("Partners"),
    QStringLiteral("Retail"), QStringLiteral("Biotech"), QStringLiteral("Hotels"), QStringLiteral("Capital"), QStringLiteral("Software")};
const QStringList kSuffix{QString(), QStringLiteral(" Ltd"), QStringLiteral(" GmbH"), QStringLiteral(" Inc."), QStringLiteral(" AB"),
                          QStringLiteral(" S.A."), QStringLiteral(" & Co."), QStringLiteral(" BV"), QStringLiteral(" Oy")};
const QStringList kCollections{QStringLiteral("invoices"), QStringLiteral("orders"), QStringLiteral("contacts"), QStringLiteral("tickets"), QStringLiteral("assets")};

int pick(QRandomGenerator &rng, std::initializer_list<int> weights)
{
    int total = 0;
    for (int w : weights) total += w;
    int x = int(rng.bounded(total));
    int i = 0;
    for (int w : weights) {
        if (x < w) return i;
        x -= w;
        ++i;
    }
    return i - 1;
}
} // namespace

SeedReport seedDemoData(store::Database &db, int tenantCount)
{
    SeedReport report;
    if (db.control()->exec(QStringLiteral("SELECT count(*) FROM tenants")).integer(0, 0) > 0) {
        report.skipped = true;
        return report;
    }
    QRandomGenerator rng(20261129);
    const tenants::Provisioner provisioner(db);
    const QStringList regions = db.regions();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QSet<QString> slugs;
    while (report.tenants < tenantCount) {
        QString name = kFirst[int(rng.bounded(kFirst.size()))] + QLatin1Char(' ') + kSecond[int(rng.bounded(kSecond.size()))]
                       + kSuffix[int(rng.bounded(kSuffix.size()))];
        if (slugs.contains(slugify(name)))
            continue;
        slugs.insert(slugify(name));
        tenants::NewTenant n;
        n.name = name;
        n.plan = static_cast<Plan>(pick(rng, {55, 30, 15}));
        n.state = static_cast<TenantState>(pick(rng, {20, 70, 10}));
        n.region = regions.size() > 1 && pick(rng, {70, 30}) == 1 ? regions[1] : regions[0];
        // Larger plans lean to stronger isolation; the first tenants cover every model and region.
        n.isolation = static_cast<IsolationModel>(n.plan == Plan::Enterprise ? pick(rng, {30, 40, 30}) : pick(rng, {85, 13, 2}));
        if (report.tenants < 6) {
            n.isolation = static_cast<IsolationModel>(report.tenants % 3);
            n.region = regions[report.tenants / 3 % regions.size()];
        } else if (report.tenants < 9) {
            n.isolation = IsolationModel::Shared; // the giants share the pool: the noisy neighbours
            n.region = regions[0];
        }
        n.adminEmail = QStringLiteral("admin@%1.example").arg(slugify(name));
        n.adminName = QStringLiteral("Admin of %1").arg(name);
        n.createdAt = now.addSecs(-qint64(rng.bounded(730 * 24)) * 3600 - 3600);
        const auto provisioned = provisioner.provision(n);

        // Sizes differ by orders of magnitude: a few giants, a long tail of small tenants.
        int documents = int(rng.bounded(40));
        if (n.plan == Plan::Pro) documents = 20 + int(rng.bounded(400));
        if (n.plan == Plan::Enterprise) documents = 200 + int(rng.bounded(3000));
        if (report.tenants >= 6 && report.tenants < 9) documents = 20000 + int(rng.bounded(20000));
        const int members = 1 + int(rng.bounded(n.plan == Plan::Free ? 5 : n.plan == Plan::Pro ? 40 : 400));

        store::TenantSession session(db, {provisioned.tenant.id, provisioned.tenant.placement});
        session.exec(QStringLiteral(
                         "INSERT INTO members (tenant_id, id, email, display_name, role, created_at) "
                         "SELECT public.portico_current_tenant(), gen_random_uuid(), 'user' || g || '@' || $1 || '.example', 'User ' || g, "
                         "CASE WHEN g % 10 = 0 THEN 'viewer' ELSE 'member' END, $2::timestamptz FROM generate_series(2, $3) g"),
                     {provisioned.tenant.slug, provisioned.tenant.createdAt.toString(Qt::ISODateWithMs), members});
        session.exec(QStringLiteral(
                         "INSERT INTO documents (tenant_id, id, collection, key, body, size_bytes, created_at, updated_at) "
                         "SELECT public.portico_current_tenant(), gen_random_uuid(), c.coll, c.coll || '-' || lpad(g::text, 6, '0'), c.body, "
                         "octet_length(c.body::text), $2::timestamptz, $2::timestamptz FROM generate_series(1, $1) g, "
                         "LATERAL (SELECT ($3::text[])[1 + g % 5] AS coll, jsonb_build_object('number', g, 'amount_minor', (g * 7919) % 250000, "
                         "'currency', 'EUR', 'status', (ARRAY['open','paid','overdue'])[1 + g % 3], 'note', repeat('x', g % 200))"
                         " AS body) c"),
                     {documents, provisioned.tenant.createdAt.toString(Qt::ISODateWithMs), QStringLiteral("{%1}").arg(kCollections.join(QLatin1Char(',')))});
        session.commit();
        report.documents += documents;
        ++report.tenants;
    }
    seedDemoFlags(db);
    return report;
}

} // namespace portico::demo
