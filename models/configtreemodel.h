#pragma once
// A tenant's configuration as a tree grouped by key prefix ("branding.logo_url" under "branding",
// "security.session.idle_timeout" under "security" > "session"): the effective value with the
// layer it came from, and the default, plan, tenant and user values side by side. With a user
// set, the values are that user's view. Writes go through save() with the ETag read (If-Match).

#include "client/apiclient.h"
#include <QAbstractItemModel>
#include <QHash>
#include <memory>
#include <vector>

namespace portico {

class ConfigTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { KeyColumn, ValueColumn, SourceColumn, DefaultColumn, PlanColumn, TenantColumn, UserColumn, ColumnCount };
    enum Role { KeyRole = Qt::UserRole + 1, IsGroupRole };

    explicit ConfigTreeModel(ApiClient *client, QObject *parent = nullptr);
    ~ConfigTreeModel() override;

    // Loads the schema once and the tenant's values (as `user` sees them when user is not empty).
    void setTenant(const QString &tenantId);
    void setUser(const QString &user);
    void reload();
    [[nodiscard]] QString tenantId() const { return m_tenant; }
    [[nodiscard]] QString user() const { return m_user; }
    [[nodiscard]] bool isLoading() const { return m_loading; }
    [[nodiscard]] bool hasLoaded() const { return m_loaded; }

    // The layer save() writes: "user" with a user set, otherwise "tenant".
    [[nodiscard]] QString editLayer() const;
    [[nodiscard]] const ConfigItem *item(const QString &key) const;
    [[nodiscard]] const config::KeyDef *keyDef(const QString &key) const;
    [[nodiscard]] QModelIndex indexOfKey(const QString &key, int column = KeyColumn) const;

    // Writes `value` (nullopt: removes the value at the edit layer) with the ETag last read.
    // Answers with saved(), conflict() (412: changed by someone else) or problemOccurred().
    void save(const QString &key, const std::optional<QJsonValue> &value, const QString &reason);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loaded();
    void loadingChanged(bool loading);
    void saved(const QString &key, bool changed);
    // The value changed on the server since it was read; the model reloads, so item(key) is theirs.
    void conflict(const QString &key, const Problem &problem);
    void problemOccurred(const Problem &problem);

private:
    struct Node
    {
        QString name;       // the last segment shown
        QString path;       // "security.session" for a group, the full key for a leaf
        int item = -1;      // index into m_items for a leaf
        Node *parent = nullptr;
        std::vector<std::unique_ptr<Node>> children;
    };
    void fetch();
    void rebuild(TenantConfig config);
    void setLoading(bool loading);
    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOfNode(const Node *node, int column) const;

    ApiClient *m_client;
    QString m_tenant;
    QString m_user;
    QHash<QString, config::KeyDef> m_schema;
    bool m_schemaLoaded = false;
    QList<ConfigItem> m_items;
    QHash<QString, Node *> m_leaves;
    std::unique_ptr<Node> m_root;
    quint64 m_generation = 0; // drops answers for an earlier tenant or user
    bool m_loading = false;
    bool m_loaded = false;
};

} // namespace portico
