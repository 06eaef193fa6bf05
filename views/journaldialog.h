#pragma once
// Tools ▸ Activity journal (Ctrl+J): what this console changed, newest first, over a JournalModel.
// A filter box (tenant, action, key, reason, request id…), a period, the selected entry in full
// below, and Export CSV of everything that matches (for shift handover).

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace portico {

class JournalModel;

class JournalDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Period { All, Last24Hours, Last7Days, Last30Days };

    // The dialog does not own the model.
    explicit JournalDialog(JournalModel *model, QWidget *parent = nullptr);

    [[nodiscard]] QLineEdit *filterEdit() const { return m_filter; }
    [[nodiscard]] QComboBox *periodCombo() const { return m_period; }
    [[nodiscard]] QTableView *tableView() const { return m_table; }
    [[nodiscard]] QString summaryText() const;
    bool exportTo(const QString &path, QString *error);

public Q_SLOTS:
    void exportCsv(); // asks for a file name

private:
    void applyPeriod();
    void updateSummary();
    void showEntry();

    JournalModel *m_model;
    QLineEdit *m_filter;
    QComboBox *m_period;
    QTableView *m_table;
    QPlainTextEdit *m_details;
    QLabel *m_summary;
    QPushButton *m_export;
    QTimer *m_debounce;
};

} // namespace portico
