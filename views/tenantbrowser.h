#pragma once
// The left side of the main window: search, filters and the lazily paged tenant table.
// Talks only to its TenantListModel; the model talks to the server.

#include "models/tenantlistmodel.h"
#include <QWidget>
#include <chrono>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace portico {

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
    [[nodiscard]] QString shownRowsAsCsv() const;  // every loaded row, shown columns
    bool writeCsv(const QString &path, QString *error) const;

    [[nodiscard]] QByteArray saveHeaderState() const;
    bool restoreHeaderState(const QByteArray &state);

public Q_SLOTS:
    void copySelection();
    void exportCsv(); // asks for a file name

Q_SIGNALS:
    void currentTenantChanged(const QString &id);
    void tenantActivated(const QString &id);
    void statusMessage(const QString &text);

private:
    QComboBox *addFilter(TenantListModel::Filter filter, const QString &anyText, const QStringList &values);
    void rememberRegions(int firstRow, int count);
    void updateTotal();
    void keepSortIndicatorValid(int column, Qt::SortOrder order);

    TenantListModel *m_model;
    QLineEdit *m_search;
    QTableView *m_table;
    QLabel *m_total;
    QTimer *m_debounce;
    QHash<int, QComboBox *> m_filters;
};

} // namespace portico
