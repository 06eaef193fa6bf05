#include "models/configtreemodel.h"
#include "models/tones.h"
#include <QColor>
#include <QFont>

namespace portico {

ConfigTreeModel::ConfigTreeModel(ApiClient *client, QObject *parent)
    : QAbstractItemModel(parent), m_client(client), m_root(std::make_unique<Node>())
{
}

ConfigTreeModel::~ConfigTreeModel() = default;

void ConfigTreeModel::setTenant(const QString &tenantId)
{
    if (tenantId == m_tenant && (m_loaded || m_loading))
        return;
    m_tenant = tenantId;
    m_loaded = false;
    beginResetModel();
    m_items.clear();
    m_leaves.clear();
    m_root = std::make_unique<Node>();
    endResetModel();
    reload();
}

void ConfigTreeModel::setUser(const QString &user)
{
    if (user.trimmed() == m_user)
        return;
    m_user = user.trimmed();
    reload();
}

QString ConfigTreeModel::editLayer() const
{
    return m_user.isEmpty() ? QStringLiteral("tenant") : QStringLiteral("user");
}

void ConfigTreeModel::setLoading(bool loading)
{
    if (loading == m_loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

void ConfigTreeModel::reload()
{
    ++m_generation; // also drops an answer for the tenant before an empty one
    if (m_tenant.isEmpty()) {
        setLoading(false);
        return;
    }
    setLoading(true);
    if (!m_schemaLoaded) {
        const quint64 generation = m_generation;
        m_client->configSchema(this, [this, generation](const ApiResult<ConfigSchema> &r) {
            if (generation != m_generation)
                return;
            if (!r) {
                setLoading(false);
                Q_EMIT problemOccurred(r.problem());
                return;
            }
            for (const auto &d : r->keys)
                m_schema.insert(d.key, d);
            m_schemaLoaded = true;
            fetch();
        });
        return;
    }
    fetch();
}

void ConfigTreeModel::fetch()
{
    const quint64 generation = m_generation;
    m_client->tenantConfig(m_tenant, m_user, this, [this, generation](const ApiResult<TenantConfig> &r) {
        if (generation != m_generation)
            return;
        setLoading(false);
        if (!r) {
            Q_EMIT problemOccurred(r.problem());
            return;
        }
        rebuild(r.value());
        m_loaded = true;
        Q_EMIT loaded();
    });
}

void ConfigTreeModel::rebuild(TenantConfig config)
{
    beginResetModel();
    m_items = std::move(config.items);
    m_leaves.clear();
    m_root = std::make_unique<Node>();
    for (int i = 0; i < m_items.size(); ++i) {
        const QStringList parts = m_items[i].key.split(QLatin1Char('.'));
        Node *at = m_root.get();
        QString path;
        for (int p = 0; p < parts.size(); ++p) {
            path = p == 0 ? parts[p] : path + QLatin1Char('.') + parts[p];
            const bool leaf = p == parts.size() - 1;
            Node *next = nullptr;
            if (!leaf) {
                for (const auto &c : at->children)
                    if (c->item < 0 && c->name == parts[p])
                        next = c.get();
            }
            if (!next) {
                auto n = std::make_unique<Node>();
                n->name = parts[p];
                n->path = path;
                n->parent = at;
                n->item = leaf ? i : -1;
                next = n.get();
                at->children.push_back(std::move(n));
            }
            at = next;
        }
        m_leaves.insert(m_items[i].key, at);
    }
    endResetModel();
}

const ConfigItem *ConfigTreeModel::item(const QString &key) const
{
    const Node *n = m_leaves.value(key);
    return n ? &m_items[n->item] : nullptr;
}

const config::KeyDef *ConfigTreeModel::keyDef(const QString &key) const
{
    const auto it = m_schema.constFind(key);
    return it == m_schema.cend() ? nullptr : &*it;
}

QModelIndex ConfigTreeModel::indexOfKey(const QString &key, int column) const
{
    const Node *n = m_leaves.value(key);
    return n ? indexOfNode(n, column) : QModelIndex();
}

void ConfigTreeModel::save(const QString &key, const std::optional<QJsonValue> &value, const QString &reason)
{
    const ConfigItem *current = item(key);
    if (!current)
        return;
    const QString tenant = m_tenant;
    const QString user = m_user;
    m_client->setTenantConfig(tenant, key, user, value, current->etag, reason, this,
                              [this, key, tenant, user](const ApiResult<ConfigWrite> &r) {
        if (tenant != m_tenant || user != m_user)
            return;
        if (!r) {
            if (r.problem().status == 412) {
                Q_EMIT conflict(key, r.problem());
                reload();
                return;
            }
            Q_EMIT problemOccurred(r.problem());
            return;
        }
        Q_EMIT saved(key, r->changed);
        reload();
    });
}

ConfigTreeModel::Node *ConfigTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex ConfigTreeModel::indexOfNode(const Node *node, int column) const
{
    if (!node || node == m_root.get() || !node->parent)
        return {};
    const auto &siblings = node->parent->children;
    for (size_t i = 0; i < siblings.size(); ++i)
        if (siblings[i].get() == node)
            return createIndex(int(i), column, const_cast<Node *>(node));
    return {};
}

QModelIndex ConfigTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    const Node *p = nodeOf(parent);
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex ConfigTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *n = nodeOf(child);
    return indexOfNode(n->parent, 0);
}

int ConfigTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int ConfigTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant ConfigTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *n = nodeOf(index);
    const bool group = n->item < 0;
    if (role == KeyRole)
        return group ? QVariant() : QVariant(n->path);
    if (role == IsGroupRole)
        return group;
    if (group) {
        if (role == Qt::DisplayRole && index.column() == KeyColumn)
            return n->name;
        if (role == Qt::FontRole && index.column() == KeyColumn) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    }
    const ConfigItem &it = m_items[n->item];
    const auto layerColumn = [&](int column) -> QString {
        switch (column) {
        case DefaultColumn: return QStringLiteral("default");
        case PlanColumn: return QStringLiteral("plan");
        case TenantColumn: return QStringLiteral("tenant");
        case UserColumn: return QStringLiteral("user");
        default: return {};
        }
    };
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KeyColumn: return n->name;
        case ValueColumn: return jsonText(it.value);
        case SourceColumn: return it.source;
        case DefaultColumn: return jsonText(it.defaultValue);
        case PlanColumn: return jsonText(it.plan);
        case TenantColumn: return jsonText(it.tenant);
        case UserColumn: return m_user.isEmpty() ? QString() : jsonText(it.user);
        default: return {};
        }
    case Qt::ToolTipRole: {
        if (index.column() == KeyColumn) {
            const config::KeyDef *d = keyDef(it.key);
            return d ? QStringLiteral("%1\n%2").arg(it.key, d->description) : it.key;
        }
        const QString layer = layerColumn(index.column());
        if (!layer.isEmpty() && layer != QLatin1String("default") && !it.overridable.contains(layer))
            return tr("The %1 layer may not override %2.").arg(layer, it.key);
        if (!it.ignored.isEmpty() && index.column() == SourceColumn)
            return tr("Ignored: %1").arg(it.ignored.join(QStringLiteral(", ")));
        return {};
    }
    case Qt::FontRole: {
        // The column the effective value comes from is bold.
        if (layerColumn(index.column()) == it.source) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    }
    case Qt::ForegroundRole: {
        const QString layer = layerColumn(index.column());
        if (!layer.isEmpty() && layer != QLatin1String("default") && !it.overridable.contains(layer))
            return toneText(Tone::Muted).lighter(paletteIsDark() ? 80 : 130);
        if (index.column() == SourceColumn && it.source == QLatin1String("default"))
            return toneText(Tone::Muted);
        return {};
    }
    case Qt::DecorationRole:
        if (index.column() == ValueColumn && it.type == QLatin1String("color"))
            return QColor(it.value.toString());
        return {};
    default:
        return {};
    }
}

QVariant ConfigTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyColumn: return tr("Key");
    case ValueColumn: return tr("Effective value");
    case SourceColumn: return tr("Source");
    case DefaultColumn: return tr("Default");
    case PlanColumn: return tr("Plan");
    case TenantColumn: return tr("Tenant");
    case UserColumn: return tr("User");
    default: return {};
    }
}

} // namespace portico
