#pragma once
// The history of one configuration key of a tenant, newest first, and reverting an entry.

#include "client/apiclient.h"
#include <QAbstractTableModel>

namespace portico {

class ConfigHistoryModel : public QAbstractTableModel
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
    [[nodiscard]] bool hasLoaded() const { return m_loaded; }

    // Sets the entry's layer back to its `before` value; answers with reverted() or problemOccurred().
    void revert(int row, const QString &reason);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loaded();
    void reverted(const QString &key);
    void problemOccurred(const Problem &problem);

private:
    ApiClient *m_client;
    QString m_tenant, m_key, m_user;
    QList<ConfigHistoryEntry> m_items;
    quint64 m_generation = 0;
    bool m_loaded = false;
};

} // namespace portico
