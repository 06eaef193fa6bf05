#include "server/demo/scaleseeder.h"
#include "server/store/database.h"
#include "server/store/pg.h"
#include "server/store/schema.h"
#include <algorithm>

namespace portico::demo {

int seedScaleTenants(store::Database &db, int count)
{
    count = std::min(count, 999999); // slugs carry six digits
    if (count <= 0)
        return 0;
    // Regions as registered, with the cluster that serves each: the first (home) gets about 70 %.
    QStringList regions, clusters;
    for (const QString &region : db.regions()) {
        if (const store::Cluster *c = db.clusterForRegion(region)) {
            regions << region;
            clusters << c->name;
        }
    }
    if (regions.isEmpty())
        return 0;
    const auto array = [](const QStringList &items) { return QStringLiteral("{%1}").arg(items.join(QLatin1Char(','))); };

    // Every property derives from a hash of the tenant's number, so the fleet is the same on every
    // run: ids are md5-derived UUIDs, names come from the demo's word lists (a name search matches
    // realistic shares), plans 55/30/15 %, states 20/70/10 %, created over two years (in whole
    // seconds: the list's cursors carry times to the millisecond, as provisioning writes them).
    const QString tenants = QStringLiteral(R"SQL(
        WITH g AS (
            SELECT n, abs(hashtext('portico-scale-' || n)) AS h FROM generate_series(1, $1) n),
        v AS (
            SELECT n, h, md5('portico-scale-' || n)::uuid AS id,
                   (ARRAY['Northwind','Bluefin','Cobalt','Harbor','Juniper','Kestrel','Lumen','Meridian','Nimbus','Orchard',
                          'Pinecrest','Quarry','Redwood','Saffron','Tidewater','Umber','Vantage','Willow','Yarrow','Zephyr',
                          'Alder','Basalt','Cedar','Driftwood','Ember','Fjord','Granite','Heron','Ironbridge','Larkspur',
                          'Mosaic','Oakmont','Paragon','Riverside','Summit','Trillium','Evergreen','Brightline','Halcyon','Sterling'])[1 + h % 40]
                   || ' ' ||
                   (ARRAY['Logistics','Analytics','Health','Dental Group','Legal','Manufacturing','Foods','Energy','Architects','Robotics',
                          'Insurance','Freight','Clinics','Studios','Partners','Retail','Biotech','Hotels','Capital','Software'])[1 + (h / 40) % 20]
                   || ' ' || lpad(n::text, 6, '0') AS name,
                   CASE WHEN (h / 800) % 100 < 55 THEN 'free' WHEN (h / 800) % 100 < 85 THEN 'pro' ELSE 'enterprise' END AS plan,
                   CASE WHEN (h / 80000) % 100 < 20 THEN 'trial' WHEN (h / 80000) % 100 < 90 THEN 'active' ELSE 'suspended' END AS state,
                   CASE WHEN cardinality($2::text[]) > 1 AND (h / 8000000) % 10 >= 7 THEN 2 ELSE 1 END AS region_index,
                   date_trunc('second', now()) - make_interval(hours => 1 + (h % (730 * 24))) AS created_at
            FROM g)
        INSERT INTO tenants (id, slug, name, state, plan, region, created_at, updated_at)
        SELECT id, 'scale-' || lpad(n::text, 6, '0'), name, state, plan, ($2::text[])[region_index], created_at, created_at FROM v
        ON CONFLICT DO NOTHING)SQL");
    // Placements as provisioning writes them for the shared model: the region's cluster, its pool
    // database, schema public.
    const QString placements = QStringLiteral(R"SQL(
        INSERT INTO placements (tenant_id, model, region, cluster, database_name, schema_name, placed_at)
        SELECT t.id, 'shared', t.region, ($3::text[])[array_position($2::text[], t.region)], $4, 'public', t.created_at
        FROM tenants t
        WHERE t.slug LIKE 'scale-%' AND t.slug <= 'scale-' || lpad($1::text, 6, '0')
          AND NOT EXISTS (SELECT 1 FROM placements p WHERE p.tenant_id = t.id)
        ON CONFLICT DO NOTHING)SQL");

    auto control = db.control();
    store::PgTransaction tx(*control);
    const auto added = control->exec(tenants, {count, array(regions)});
    control->exec(placements, {count, array(regions), array(clusters), db.poolDatabase()});
    tx.commit();
    if (added.affectedRows() > 0) {
        // The list's total is the planner's estimate above a threshold: give it statistics now,
        // not whenever autovacuum comes by. ANALYZE is the owner's.
        store::PgConnection owner(db.controlConfig(QString::fromLatin1(store::kOwnerRole)));
        owner.execScript(QStringLiteral("ANALYZE tenants; ANALYZE placements"));
    }
    return int(added.affectedRows());
}

} // namespace portico::demo
