#pragma once
// The platform's Flags page: every flag with owner, rollout and staleness; for the selected flag a
// rollout slider that asks the server (dry run) how many tenants a new percentage affects before
// anything is saved, the tenants that override it, and bulk overrides by plan with a preview.
// Give it its models (it does not own them).

#include "client/configtypes.h"
#include "core/problem.h"
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QDoubleSpinBox;
class QTableView;
class QTimer;

namespace portico {

class FlagOverridesModel;
class FlagsModel;

class FlagsView : public QWidget
{
    Q_OBJECT
public:
    FlagsView(FlagsModel *flags, FlagOverridesModel *overrides, QWidget *parent = nullptr);

    void ensureLoaded();
    void reload();
    // No edits (a read-only profile, or offline); `why` is what disabled controls say (empty: the
    // read-only profile's sentence).
    void setReadOnly(bool readOnly, const QString &why = {});
    void selectFlag(const QString &key);
    // The flags and the selected flag's overrides are on screen.
    [[nodiscard]] bool isSettled() const;

    [[nodiscard]] FlagsModel *model() const { return m_model; }
    [[nodiscard]] FlagOverridesModel *overridesModel() const { return m_overrides; }
    [[nodiscard]] QTableView *table() const { return m_table; }
    [[nodiscard]] QSlider *rolloutSlider() const { return m_slider; }
    [[nodiscard]] QPushButton *saveRolloutButton() const { return m_saveRollout; }
    [[nodiscard]] QString impactText() const;
    [[nodiscard]] QString currentKey() const { return m_key; }
    // The server's dry run count for the percentage last previewed (-1: none yet).
    [[nodiscard]] int previewedChanged() const { return m_previewedChanged; }
    [[nodiscard]] QComboBox *bulkPlan() const { return m_bulkPlan; }
    [[nodiscard]] QComboBox *bulkValue() const { return m_bulkValue; }
    [[nodiscard]] QPushButton *bulkButton() const { return m_bulkButton; }

Q_SIGNALS:
    void statusMessage(const QString &text);
    void problemOccurred(const Problem &problem);
    void settled();

private:
    void showFlag(const QString &key);
    void sliderMoved(int value);
    void saveRollout();
    void startBulk();
    void updateEnabled();

    FlagsModel *m_model;
    FlagOverridesModel *m_overrides;
    QTableView *m_table;
    QLabel *m_title;
    QLabel *m_details;
    QSlider *m_slider;
    QDoubleSpinBox *m_spin;
    QLabel *m_impact;
    QPushButton *m_saveRollout;
    QTableView *m_overridesTable;
    QLabel *m_overridesTitle;
    QComboBox *m_bulkPlan;
    QComboBox *m_bulkValue;
    QPushButton *m_bulkButton;
    QTimer *m_previewTimer;
    QString m_key;
    double m_previewedPercentage = -1;
    int m_previewedChanged = -1;
    bool m_readOnly = false;
    QString m_readOnlyWhy;
    bool m_loadRequested = false;
    BulkOverrideRequest m_pendingBulk;
};

} // namespace portico
