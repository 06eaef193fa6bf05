#pragma once
// Ctrl+K: type part of a name or slug, pick with the arrow keys, Enter opens the tenant.
// QuickOpenModel answers from the local directory at once, then from the server.

#include <QDialog>
#include <chrono>

class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace portico {

class QuickOpenModel;

class QuickOpenDialog : public QDialog
{
    Q_OBJECT
public:
    // The dialog does not own the model; the caller keeps it (and its ApiClient) alive.
    explicit QuickOpenDialog(QuickOpenModel *model, QWidget *parent = nullptr);

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

    QuickOpenModel *m_model;
    QLineEdit *m_search;
    QTableView *m_results;
    QLabel *m_status;
    QTimer *m_debounce;
};

} // namespace portico
