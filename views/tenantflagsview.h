#pragma once
// A tenant's Flags tab: every flag with its evaluated value and the reason, override controls for
// the selected flag, and what an override would change (the server's dry run) before it is set.
// Give it its models (it does not own them) and a tenant id.

#include "client/configtypes.h"
#include "core/problem.h"
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace portico {

class FlagEvaluationsModel;
class FlagsModel;

class TenantFlagsView : public QWidget
{
    Q_OBJECT
public:
    // `flags` holds the definitions: the values an override may take.
    TenantFlagsView(FlagEvaluationsModel *evaluations, FlagsModel *flags, QWidget *parent = nullptr);

    // label: how confirmations name the tenant ("Acme Corp (acme)"); the id when empty.
    void setTenant(const QString &tenantId, const QString &label = {});
    // No edits (a read-only profile, or offline); `why` is what disabled controls say (empty: the
    // read-only profile's sentence).
    void setReadOnly(bool readOnly, const QString &why = {});
    void reload();
    void selectFlag(const QString &key);
    void setUser(const QString &user);

    [[nodiscard]] FlagEvaluationsModel *model() const { return m_model; }
    [[nodiscard]] QTableView *table() const { return m_table; }
    [[nodiscard]] QComboBox *overrideChoice() const { return m_choice; } // item 0: no override
    [[nodiscard]] QPushButton *applyButton() const { return m_apply; }
    [[nodiscard]] QString previewText() const;
    [[nodiscard]] QString currentKey() const { return m_key; }

Q_SIGNALS:
    void statusMessage(const QString &text);
    void problemOccurred(const Problem &problem);

private:
    void showFlag(const QString &key);
    void choiceChanged();
    void apply();
    [[nodiscard]] std::optional<QJsonValue> chosen() const;
    [[nodiscard]] std::optional<QJsonValue> currentOverride() const;

    FlagEvaluationsModel *m_model;
    FlagsModel *m_flags; // definitions: the values an override may take
    QComboBox *m_userPicker;
    QTableView *m_table;
    QLabel *m_title;
    QLabel *m_state;
    QComboBox *m_choice;
    QLabel *m_preview;
    QPushButton *m_apply;
    QString m_key;
    bool m_readOnly = false;
    QString m_readOnlyWhy;
    QString m_tenantLabel;
    bool m_previewReady = false;
};

} // namespace portico
