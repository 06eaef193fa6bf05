#pragma once
// The history of one configuration key of a tenant, newest first, and reverting an entry.

#include "client/apiclient.h"
#include "models/reloadingtablemodel.h"

namespace portico {

class ConfigHistoryModel : public ReloadingTableModel
{
    Q_OBJECT
public:
    enum Column { AtColumn, ActorColumn, LayerColumn, ChangeColumn, ReasonColumn, ColumnCount };

    explicit ConfigHistoryModel(ApiClient *client, QObject *parent = nullptr);

    // Loads the history of `key` (at the user layer when user is set); an empty key clears.
    void load(const QString &tenantId, const QString &key, const QString &user);
    void reload();
    void clear();
    [[nodiscard]] const ConfigHistoryEntry *entry(int row) const;

    // Sets the entry's layer back to its `before` value; answers with reverted() or problemOccurred().
    void revert(int row, const QString &reason);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void reverted(const QString &key);

private:
    ApiClient *m_client;
    QString m_tenant, m_key, m_user;
    QList<ConfigHistoryEntry> m_items;
};

} // namespace portico
