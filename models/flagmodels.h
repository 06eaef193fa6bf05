#pragma once
// Feature flags in the console: every flag with owner, rollout and staleness (FlagsModel), one
// tenant's evaluations with their reasons (FlagEvaluationsModel), and who overrides a flag
// (FlagOverridesModel). The models talk to the server; the views only to them.

#include "client/apiclient.h"
#include "models/reloadingtablemodel.h"

namespace portico {

class FlagsModel : public ReloadingTableModel
{
    Q_OBJECT
public:
    enum Column { KeyColumn, OwnerColumn, KindColumn, StateColumn, RolloutColumn, OverridesColumn, StaleColumn, UpdatedColumn, ColumnCount };
    enum Role { KeyRole = Qt::UserRole + 1 };

    explicit FlagsModel(ApiClient *client, QObject *parent = nullptr);

    void reload();
    [[nodiscard]] const FlagInfo *flag(const QString &key) const;
    [[nodiscard]] const FlagInfo *flagAt(int row) const;
    [[nodiscard]] int rowOf(const QString &key) const;

    // The server's dry run of a new rollout percentage: answers with rolloutPreviewed (only for
    // the latest request; older answers are dropped) or problemOccurred.
    void previewRollout(const QString &key, double percentage);
    // Applies it with If-Match of the version read: rolloutApplied, conflict (412) or problemOccurred.
    void applyRollout(const QString &key, double percentage, const QString &reason);
    // Bulk override (value null: remove) for tenants or a plan; preview first, then apply with its tag.
    void previewBulk(const QString &key, const BulkOverrideRequest &request);
    void applyBulk(const QString &key, const BulkOverrideRequest &request, const QString &previewEtag);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void rolloutPreviewed(const QString &key, double percentage, const portico::FlagImpact &impact);
    void rolloutApplied(const QString &key, const portico::FlagImpact &impact);
    void bulkPreviewed(const QString &key, const portico::BulkOverrideResult &result);
    void bulkApplied(const QString &key, const portico::BulkOverrideResult &result);
    void conflict(const QString &key, const Problem &problem);

private:
    QJsonObject rolloutPatch(const FlagInfo &f, double percentage) const;
    ApiClient *m_client;
    QList<FlagInfo> m_items;
    quint64 m_previewSeq = 0;
};

class FlagEvaluationsModel : public ReloadingTableModel
{
    Q_OBJECT
public:
    enum Column { KeyColumn, ValueColumn, ReasonColumn, RuleColumn, TenantOverrideColumn, UserOverrideColumn, DefaultColumn, ColumnCount };
    enum Role { KeyRole = Qt::UserRole + 1 };

    explicit FlagEvaluationsModel(ApiClient *client, QObject *parent = nullptr);

    void setTenant(const QString &tenantId);
    void setUser(const QString &user);
    void reload();
    [[nodiscard]] QString tenantId() const { return m_tenant; }
    [[nodiscard]] QString user() const { return m_user; }
    [[nodiscard]] const FlagEvaluation *evaluation(const QString &key) const;
    [[nodiscard]] const FlagEvaluation *evaluationAt(int row) const;
    [[nodiscard]] int rowOf(const QString &key) const;

    // What setting (or with nullopt removing) the override would change: overridePreviewed.
    void previewOverride(const QString &key, const std::optional<QJsonValue> &value);
    // Sets or removes it (at the user level with a user set): overrideApplied, then a reload.
    void applyOverride(const QString &key, const std::optional<QJsonValue> &value, const QString &reason);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void overridePreviewed(const QString &key, const portico::OverrideChange &change);
    void overrideApplied(const QString &key);

private:
    ApiClient *m_client;
    QString m_tenant, m_user;
    QList<FlagEvaluation> m_items;
    quint64 m_previewSeq = 0;
};

class FlagOverridesModel : public ReloadingTableModel
{
    Q_OBJECT
public:
    enum Column { TenantColumn, PlanColumn, UserColumn, ValueColumn, ReasonColumn, UpdatedByColumn, UpdatedColumn, ColumnCount };

    explicit FlagOverridesModel(ApiClient *client, QObject *parent = nullptr);

    void load(const QString &flagKey); // empty: clears
    void reload() { load(m_key); }
    [[nodiscard]] QString flagKey() const { return m_key; }
    [[nodiscard]] const FlagOverride *overrideAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    ApiClient *m_client;
    QString m_key;
    QList<FlagOverride> m_items;
};

// "20 % of tenants", "no rollout"; shared by the models and views.
QString rolloutText(const FlagInfo &f);
// "Targeting match (tenant override)" from the reason and rule.
QString reasonText(const QString &reason, const QString &rule);
// What an evaluation's error code means to an operator, one sentence per code the server or
// OFREP can send (FLAG_NOT_FOUND, PARSE_ERROR, TYPE_MISMATCH, TARGETING_KEY_MISSING,
// INVALID_CONTEXT, PROVIDER_NOT_READY, GENERAL); a generic sentence naming any other code, so a
// code the console does not know yet still reads as an explanation. Empty for an empty code.
QString flagErrorSentence(const QString &code);
// "TARGETING_KEY_MISSING: this flag rolls out by user; …": the whole code, never shortened, and its sentence.
QString flagErrorText(const QString &code);

} // namespace portico
