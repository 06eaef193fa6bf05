#pragma once
// The left side of the main window: search, filters and the lazily paged tenant table.
// Talks only to its TenantListModel; the model talks to the server.

#include "models/tenantlistmodel.h"
#include <QPointer>
#include <QProgressDialog>
#include <QWidget>
#include <chrono>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace portico {

class TenantCsvExport;

class TenantBrowser : public QWidget
{
    Q_OBJECT
public:
    explicit TenantBrowser(TenantListModel *model, QWidget *parent = nullptr);

    [[nodiscard]] TenantListModel *model() const { return m_model; }
    [[nodiscard]] QLineEdit *searchEdit() const { return m_search; }
    [[nodiscard]] QTableView *tableView() const { return m_table; }
    [[nodiscard]] QComboBox *filterCombo(TenantListModel::Filter filter) const;
    [[nodiscard]] QString totalText() const;

    void setSearchDebounce(std::chrono::milliseconds delay);
    void focusSearch();
    void selectRow(int row);
    // No row current or selected (the tenant shown is not among the rows); emits nothing.
    void clearSelection();
    [[nodiscard]] QString currentTenantId() const;

    // What the table shows: visible columns in their on-screen order, selected rows ascending.
    [[nodiscard]] QList<int> shownColumns() const;
    [[nodiscard]] QList<int> selectedRows() const;
    [[nodiscard]] QString selectionAsText() const; // TSV with header, for the clipboard

    // Export CSV writes every tenant matching the list's query, not just the rows loaded (the
    // exporter pages through the server). Without one, exporting is not offered.
    void setExporter(TenantCsvExport *exporter);
    [[nodiscard]] TenantCsvExport *exporter() const { return m_exporter; }
    // Starts the export to `path` with a progress dialog (cancel writes nothing); the outcome
    // goes out as statusMessage and exportFinished.
    void exportTo(const QString &path);
    [[nodiscard]] QProgressDialog *exportProgress() const { return m_progress; }

    [[nodiscard]] QByteArray saveHeaderState() const;
    bool restoreHeaderState(const QByteArray &state);

public Q_SLOTS:
    void copySelection();
    void exportCsv(); // asks for a file name, then exportTo

Q_SIGNALS:
    void currentTenantChanged(const QString &id);
    void tenantActivated(const QString &id);
    void statusMessage(const QString &text);
    void exportFinished(const QString &message);

private:
    QComboBox *addFilter(TenantListModel::Filter filter, const QString &anyText, const QStringList &values);
    void rememberRegions(int firstRow, int count);
    void updateTotal();
    void keepSortIndicatorValid(int column, Qt::SortOrder order);
    void exportEnded();

    TenantListModel *m_model;
    QLineEdit *m_search;
    QTableView *m_table;
    QLabel *m_total;
    QTimer *m_debounce;
    QHash<int, QComboBox *> m_filters;
    QAction *m_exportAction = nullptr;
    TenantCsvExport *m_exporter = nullptr;
    QPointer<QProgressDialog> m_progress;
};

} // namespace portico
