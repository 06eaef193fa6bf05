#pragma once
// Ctrl+K: type part of a name or slug, pick with the arrow keys, Enter opens the tenant.
// The search runs on the server through its own small TenantListModel.

#include <QDialog>
#include <chrono>

class QLineEdit;
class QTableView;
class QTimer;

namespace portico {

class TenantListModel;

class QuickOpenDialog : public QDialog
{
    Q_OBJECT
public:
    // The dialog does not own the model; the caller keeps it (and its ApiClient) alive.
    explicit QuickOpenDialog(TenantListModel *model, QWidget *parent = nullptr);

    [[nodiscard]] QLineEdit *searchEdit() const { return m_search; }
    [[nodiscard]] QTableView *resultView() const { return m_results; }
    void setSearchDebounce(std::chrono::milliseconds delay);
    // The tenant Enter would open now (the current row, or the first one); empty when none.
    [[nodiscard]] QString chosenTenantId() const;

Q_SIGNALS:
    void tenantChosen(const QString &id);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void choose();

    TenantListModel *m_model;
    QLineEdit *m_search;
    QTableView *m_results;
    QTimer *m_debounce;
};

} // namespace portico
