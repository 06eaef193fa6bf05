#pragma once
// "Audit": one hash chain (the platform's or a tenant's), newest first, lazily paged and filtered
// on the server (actor, action, time range), with the selected entry in full below. "Verify
// chain" fetches the whole chain and checks it in the console with core/auditchain (off the GUI
// thread), shows whether it holds or where it breaks beside the server's own verdict, and
// highlights the first bad entry. Talks only to its models.

#include <QDateTime>
#include <QPointer>
#include <QProgressDialog>
#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QFrame;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTextBrowser;

namespace portico {

class AuditChainVerifier;
class AuditCsvExport;
class AuditModel;

class AuditView : public QWidget
{
    Q_OBJECT
public:
    enum class Verdict { None, Running, Empty, Holds, Broken, Failed }; // Empty: no entries, nothing to verify
    Q_ENUM(Verdict)

    // The view does not own the model or the verifier.
    AuditView(AuditModel *model, AuditChainVerifier *verifier, QWidget *parent = nullptr);

    // The tenant selected on the Tenants page: the chain shown by default.
    void setSelectedTenant(const QString &id, const QString &name);
    // Shows a chain: "platform" or a tenant's id (name for display). Loads and verifies it.
    void showChain(const QString &chain, const QString &name = {});
    void ensureLoaded(); // the first time the view is shown
    void verify();
    void applyFilters();
    void clearFilters();

    [[nodiscard]] QString chain() const { return m_chain; }
    [[nodiscard]] Verdict verdict() const { return m_verdict; }
    [[nodiscard]] QString verdictText() const; // the banner, plain
    [[nodiscard]] bool isSettled() const;      // first page shown and both verdicts in (or failed)
    [[nodiscard]] QTableView *tableView() const { return m_table; }
    [[nodiscard]] QComboBox *chainCombo() const { return m_chainCombo; }
    [[nodiscard]] QLineEdit *actorEdit() const { return m_actor; }
    [[nodiscard]] QComboBox *actionCombo() const { return m_action; }
    [[nodiscard]] QAction *verifyAction() const { return m_verifyAction; }
    [[nodiscard]] QString detailText() const;
    // Export CSV writes every entry matching the chain and filters (all pages) with its hashes.
    // Without an exporter, exporting is not offered.
    void setExporter(AuditCsvExport *exporter);
    [[nodiscard]] AuditCsvExport *exporter() const { return m_exporter; }
    void exportTo(const QString &path); // with a progress dialog; the outcome goes to statusMessage
    [[nodiscard]] QProgressDialog *exportProgress() const { return m_progress; }
    [[nodiscard]] QByteArray saveLayout() const;
    bool restoreLayout(const QByteArray &state);

public Q_SLOTS:
    void exportCsv(); // asks for a file name, then exportTo

Q_SIGNALS:
    void exportFinished(const QString &message);
    void chooseTenantRequested(); // "Other tenant…": the window opens its quick-open
    void statusMessage(const QString &text);
    void settled();

private:
    void chainChosen();
    void updateVerdict();
    void setBanner(Verdict verdict, const QString &title, const QString &body);
    void updateDetail();
    void updatePlaceholder();
    void revealBadRow();
    void checkSettled();
    void exportEnded();
    static QString entryCount(qint64 n);

    AuditModel *m_model;
    AuditChainVerifier *m_verifier;
    QString m_chain;
    QString m_chainName;
    QString m_selectedTenantId;
    QString m_selectedTenantName;
    QComboBox *m_chainCombo;
    QPushButton *m_otherTenant;
    QLineEdit *m_actor;
    QComboBox *m_action;
    QCheckBox *m_fromOn;
    QDateTimeEdit *m_from;
    QCheckBox *m_toOn;
    QDateTimeEdit *m_to;
    QPushButton *m_apply;
    QPushButton *m_clear;
    QFrame *m_banner;
    QLabel *m_bannerTitle;
    QLabel *m_bannerBody;
    QProgressBar *m_busy;
    QPushButton *m_verifyButton;
    QAction *m_verifyAction;
    QLabel *m_tableTitle;
    QStackedWidget *m_stack;
    QTableView *m_table;
    QLabel *m_placeholder;
    QTextBrowser *m_detail;
    QSplitter *m_splitter;
    QAction *m_exportAction;
    AuditCsvExport *m_exporter = nullptr;
    QPointer<QProgressDialog> m_progress;
    Verdict m_verdict = Verdict::None;
    bool m_started = false;
    bool m_wasSettled = false;
    bool m_revealPending = false;
};

} // namespace portico
