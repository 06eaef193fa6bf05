#pragma once
// "Isolation health": the verifier's verdict in a summary banner, its findings (filterable by
// severity, with the selected finding's full text below), the alerts the server's guards raised,
// and the data role's connection pools. Talks only to its models; they talk to the server.

#include "client/apitypes.h"
#include <QWidget>

class QAction;
class QComboBox;
class QFrame;
class QLabel;
class QProgressBar;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTextBrowser;
class QTreeWidget;

namespace portico {

class AlertsModel;
class FindingsFilterModel;
class FindingsModel;

class IsolationView : public QWidget
{
    Q_OBJECT
public:
    enum class Verdict { Pending, Holds, AtRisk, Failed };
    Q_ENUM(Verdict)

    // The view does not own the models.
    IsolationView(FindingsModel *findings, AlertsModel *alerts, QWidget *parent = nullptr);

    // Runs the verifier and reloads the alerts (the button, F5 while the view has focus).
    void rerun();
    // The first time the view is shown: load unless already loaded or loading.
    void ensureLoaded();
    // The report, the first page of alerts and their tenants' names are on screen (or failed).
    [[nodiscard]] bool isSettled() const;

    [[nodiscard]] Verdict verdict() const { return m_verdict; }
    [[nodiscard]] QString summaryText() const; // the banner's text, plain
    [[nodiscard]] QAction *rerunAction() const { return m_rerunAction; }
    [[nodiscard]] QPushButton *rerunButton() const { return m_rerunButton; }
    [[nodiscard]] QTableView *findingsView() const { return m_findingsTable; }
    [[nodiscard]] QTableView *alertsView() const { return m_alertsTable; }
    [[nodiscard]] QComboBox *severityFilter() const { return m_severityFilter; }
    // The alerts' state filter (open and acknowledged, open, acknowledged, resolved, all) and the
    // actions on the current alert: buttons, the table's context menu, Ctrl+K and Ctrl+Shift+K.
    [[nodiscard]] QComboBox *alertStateFilter() const { return m_alertStateFilter; }
    [[nodiscard]] QAction *acknowledgeAction() const { return m_acknowledgeAction; }
    [[nodiscard]] QAction *resolveAction() const { return m_resolveAction; }
    [[nodiscard]] QPushButton *acknowledgeButton() const { return m_acknowledgeButton; }
    [[nodiscard]] QPushButton *resolveButton() const { return m_resolveButton; }
    // Acknowledges or resolves the current alert, through ConfirmDialog (a reason is required).
    void changeCurrentAlert(AlertAction action);
    // A read-only connection offers no state changes.
    void setReadOnly(bool readOnly);
    [[nodiscard]] FindingsFilterModel *findingsProxy() const { return m_proxy; }
    [[nodiscard]] QString detailText() const; // the detail pane, plain
    [[nodiscard]] QString poolSummaryText() const;
    [[nodiscard]] bool isBusyShown() const;

    void focusFindings();
    [[nodiscard]] QByteArray saveLayout() const;
    bool restoreLayout(const QByteArray &state);

Q_SIGNALS:
    void tenantActivated(const QString &tenantId); // an alert's tenant, to open in the tenant browser
    void statusMessage(const QString &text);
    void settled();                                // see isSettled()

private:
    QWidget *buildFindings();
    QWidget *buildAlerts();
    QWidget *buildPools();
    void updateSummary();
    void updateRunning(bool running);
    void updateFindingsCount();
    void updateDetail();
    void updateAlertsPlaceholder();
    void updateAlertActions();
    void updatePools();
    void setVerdict(Verdict verdict, const QString &title, const QString &body, const QString &toolTip);
    void checkSettled();

    FindingsModel *m_findings;
    AlertsModel *m_alerts;
    FindingsFilterModel *m_proxy;
    QFrame *m_summary = nullptr;
    QLabel *m_summaryTitle = nullptr;
    QLabel *m_summaryBody = nullptr;
    QProgressBar *m_busy = nullptr;
    QPushButton *m_rerunButton = nullptr;
    QAction *m_rerunAction = nullptr;
    QSplitter *m_splitter = nullptr;       // findings and pools above, alerts below
    QSplitter *m_findingsSplit = nullptr;  // table above, detail pane below
    QSplitter *m_topSplit = nullptr;       // findings left, pools right (above the alerts)
    QLabel *m_findingsTitle = nullptr;
    QComboBox *m_severityFilter = nullptr;
    QStackedWidget *m_findingsStack = nullptr;
    QTableView *m_findingsTable = nullptr;
    QLabel *m_findingsPlaceholder = nullptr;
    QTextBrowser *m_detail = nullptr;
    QLabel *m_alertsTitle = nullptr;
    QLabel *m_monitorBlocks = nullptr;
    QStackedWidget *m_alertsStack = nullptr;
    QTableView *m_alertsTable = nullptr;
    QLabel *m_alertsPlaceholder = nullptr;
    QComboBox *m_alertStateFilter = nullptr;
    QAction *m_acknowledgeAction = nullptr;
    QAction *m_resolveAction = nullptr;
    QPushButton *m_acknowledgeButton = nullptr;
    QPushButton *m_resolveButton = nullptr;
    bool m_alertChangesAllowed = true;
    QLabel *m_poolSummary = nullptr;
    QTreeWidget *m_pools = nullptr;
    Verdict m_verdict = Verdict::Pending;
    bool m_wasSettled = false;
};

} // namespace portico
