#include "views/journaldialog.h"
#include "views/tablesetup.h"
#include "models/formatting.h"
#include "models/journalmodel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace portico {

JournalDialog::JournalDialog(JournalModel *model, QWidget *parent)
    : QDialog(parent), m_model(model), m_filter(new QLineEdit(this)), m_period(new QComboBox(this)), m_table(new QTableView(this)),
      m_details(new QPlainTextEdit(this)), m_summary(new QLabel(this)), m_export(new QPushButton(tr("&Export CSV…"), this)),
      m_debounce(new QTimer(this))
{
    setObjectName(QStringLiteral("journalDialog"));
    setWindowTitle(tr("Activity journal"));
    m_filter->setObjectName(QStringLiteral("journalFilter"));
    m_filter->setPlaceholderText(tr("Filter: tenant, action, key, reason, request id…"));
    m_filter->setClearButtonEnabled(true);
    m_period->setObjectName(QStringLiteral("journalPeriod"));
    m_period->addItem(tr("All time"), int(Period::All));
    m_period->addItem(tr("Last 24 hours"), int(Period::Last24Hours));
    m_period->addItem(tr("Last 7 days"), int(Period::Last7Days));
    m_period->addItem(tr("Last 30 days"), int(Period::Last30Days));

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(150);
    connect(m_filter, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_debounce, &QTimer::timeout, this, [this] { m_model->setFilterText(m_filter->text()); });
    connect(m_period, &QComboBox::currentIndexChanged, this, &JournalDialog::applyPeriod);

    setUpTable(m_table, QStringLiteral("journalTable"), TableKind::Records);
    m_table->setModel(m_model);
    QHeaderView *header = m_table->horizontalHeader();
    const QFontMetrics fm = m_table->fontMetrics();
    const auto fit = [&fm](const QString &sample) { return fm.horizontalAdvance(sample) + 3 * fm.averageCharWidth(); };
    header->resizeSection(JournalModel::TimeColumn, fit(format::localDateTime(QDateTime::currentDateTimeUtc())));
    header->resizeSection(JournalModel::TenantColumn, fit(QStringLiteral("Alder Architects GmbH")));
    header->resizeSection(JournalModel::ActionColumn, fit(QStringLiteral("Remove flag override")));
    header->resizeSection(JournalModel::TargetColumn, fit(QStringLiteral("security.session.idle")) - 2 * fm.averageCharWidth());
    header->resizeSection(JournalModel::ChangeColumn, fit(QStringLiteral("state=active → suspended")));
    header->resizeSection(JournalModel::ReasonColumn, fit(QStringLiteral("customer asked, ticket")));
    header->resizeSection(JournalModel::ResultColumn, fit(QStringLiteral("failed 412 precondition-failed")));
    header->resizeSection(JournalModel::RequestIdColumn, fit(QStringLiteral("0b7c3e7e-0000-4000")));
    header->setStretchLastSection(true);

    m_details->setObjectName(QStringLiteral("journalDetails"));
    m_details->setReadOnly(true);
    m_details->setPlaceholderText(tr("Select an entry to see it in full."));
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &JournalDialog::showEntry);
    connect(m_model, &QAbstractItemModel::modelReset, this, &JournalDialog::updateSummary);
    connect(m_model, &QAbstractItemModel::modelReset, this, &JournalDialog::showEntry);
    connect(m_export, &QPushButton::clicked, this, &JournalDialog::exportCsv);

    auto *top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(m_period);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_export, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_summary, 1);
    bottom->addWidget(buttons);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    layout->addLayout(bottom);
    resize(1180, 620);
    m_filter->setText(m_model->query().text);
    updateSummary();
    if (m_model->rowCount() > 0)
        m_table->selectRow(0); // the newest change, in full below
}

void JournalDialog::applyPeriod()
{
    const auto period = Period(m_period->currentData().toInt());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QDateTime from;
    switch (period) {
    case Period::All: break;
    case Period::Last24Hours: from = now.addDays(-1); break;
    case Period::Last7Days: from = now.addDays(-7); break;
    case Period::Last30Days: from = now.addDays(-30); break;
    }
    m_model->setRange(from, QDateTime());
}

QString JournalDialog::summaryText() const
{
    return m_summary->text();
}

void JournalDialog::updateSummary()
{
    int failed = 0;
    for (int r = 0; r < m_model->rowCount(); ++r)
        failed += m_model->entryAt(r).ok ? 0 : 1;
    const int shown = m_model->rowCount();
    QString text = shown == 0 ? (m_model->query().text.isEmpty() ? tr("No changes recorded yet.") : tr("No entry matches."))
                              : (shown == 1 ? tr("1 change") : tr("%1 changes").arg(shown));
    if (failed > 0)
        text = tr("%1, %2 failed").arg(text).arg(failed);
    if (shown >= m_model->query().limit)
        text = tr("%1 (the newest %2; Export CSV writes every match)").arg(text).arg(m_model->query().limit);
    m_summary->setText(text);
    m_export->setEnabled(shown > 0);
}

void JournalDialog::showEntry()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        m_details->clear();
        return;
    }
    const JournalEntry &e = m_model->entryAt(current.row());
    QStringList lines;
    lines << tr("When: %1 (%2)").arg(format::localDateTime(e.at), format::utcToolTip(e.at));
    lines << tr("Tenant: %1 %2").arg(e.tenantName, e.tenantId.isEmpty() ? QString() : QStringLiteral("(%1)").arg(e.tenantId));
    lines << tr("Action: %1 %2").arg(e.action, e.target);
    if (!e.before.isEmpty())
        lines << tr("Before: %1").arg(e.before);
    if (!e.after.isEmpty())
        lines << tr("After: %1").arg(e.after);
    lines << tr("Reason: %1").arg(e.reason.isEmpty() ? tr("(none given)") : e.reason);
    lines << tr("Result: %1%2").arg(JournalModel::resultText(e), e.problemDetail.isEmpty() ? QString() : QStringLiteral(" — ") + e.problemDetail);
    lines << tr("Request: %1 %2 [%3]").arg(e.method, e.path, e.requestId);
    m_details->setPlainText(lines.join(QLatin1Char('\n')));
}

bool JournalDialog::exportTo(const QString &path, QString *error)
{
    return m_model->exportCsv(path, error);
}

void JournalDialog::exportCsv()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd-HHmm"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the activity journal"),
                                                      dir + QStringLiteral("/portico-journal-%1.csv").arg(stamp), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (exportTo(path, &error))
        m_summary->setText(tr("Exported to %1.").arg(path));
    else
        m_summary->setText(tr("Export failed: %1").arg(error));
}

} // namespace portico
