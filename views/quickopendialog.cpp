#include "views/quickopendialog.h"
#include "views/tablesetup.h"
#include "models/quickopenmodel.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QUuid>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace portico {

QuickOpenDialog::QuickOpenDialog(QuickOpenModel *model, QWidget *parent)
    : QDialog(parent), m_model(model), m_search(new QLineEdit(this)), m_results(new QTableView(this)), m_status(new QLabel(this)),
      m_debounce(new QTimer(this))
{
    setObjectName(QStringLiteral("quickOpenDialog"));
    setWindowTitle(tr("Open tenant"));
    m_search->setPlaceholderText(tr("Name, slug or pasted tenant id…"));
    m_search->installEventFilter(this);

    setUpTable(m_results, QString(), TableKind::Choice, RowColors::Plain);
    m_results->setModel(m_model);
    m_results->setFocusPolicy(Qt::NoFocus); // keys stay in the search field; arrows are forwarded
    // Name, slug, state and plan on one line each: enough to tell two similar tenants apart.
    m_results->setWordWrap(false);
    m_results->setTextElideMode(Qt::ElideRight);
    const QFontMetrics fm = m_results->fontMetrics();
    const auto fit = [&fm](const QString &sample) { return fm.horizontalAdvance(sample) + 3 * fm.averageCharWidth(); };
    m_results->setColumnWidth(QuickOpenModel::NameColumn, fit(QStringLiteral("Brightline Manufacturing GmbH & Co.")));
    m_results->setColumnWidth(QuickOpenModel::SlugColumn, fit(QStringLiteral("brightline-manufacturing")));
    m_results->setColumnWidth(QuickOpenModel::StateColumn, fit(QStringLiteral("suspended")));
    m_results->horizontalHeader()->setStretchLastSection(true);
    m_status->setObjectName(QStringLiteral("quickOpenStatus"));
    m_status->setStyleSheet(QStringLiteral("QLabel { color: palette(placeholder-text); }"));

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(250);
    connect(m_search, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_debounce, &QTimer::timeout, this, [this] { m_model->setSearch(m_search->text()); });
    connect(m_search, &QLineEdit::returnPressed, this, &QuickOpenDialog::choose);
    connect(m_results, &QTableView::activated, this, &QuickOpenDialog::choose);
    connect(m_model, &QuickOpenModel::resultsChanged, this, [this] {
        if (m_model->rowCount() > 0 && !m_results->currentIndex().isValid())
            m_results->selectRow(0);
        m_status->setText(m_model->statusText());
    });
    m_status->setText(m_model->statusText());

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_search);
    layout->addWidget(m_results, 1);
    layout->addWidget(m_status);
    const int width = fit(QStringLiteral("Brightline Manufacturing GmbH & Co.")) + fit(QStringLiteral("brightline-manufacturing")) +
                      fit(QStringLiteral("suspended")) + fit(QStringLiteral("enterprise")) + 40;
    resize(width, 380);
}

void QuickOpenDialog::setSearchDebounce(std::chrono::milliseconds delay)
{
    m_debounce->setInterval(int(delay.count()));
}

QString QuickOpenDialog::chosenTenantId() const
{
    QModelIndex index = m_results->currentIndex();
    if (!index.isValid() && m_model->rowCount() > 0)
        index = m_model->index(0, 0);
    return index.data(QuickOpenModel::IdRole).toString();
}

void QuickOpenDialog::choose()
{
    // A pasted tenant id: the server's search matches names and slugs only, so open it directly
    // (GET /v1/tenants/{id}).
    if (const QUuid id = QUuid::fromString(m_search->text().trimmed()); !id.isNull()) {
        m_debounce->stop();
        Q_EMIT tenantChosen(idToString(id));
        accept();
        return;
    }
    // Enter typed faster than the debounce: search what was typed first, then the user presses again.
    if (m_debounce->isActive() || m_model->search() != m_search->text().trimmed()) {
        m_debounce->stop();
        m_model->setSearch(m_search->text());
        return;
    }
    const QString id = chosenTenantId();
    if (id.isEmpty())
        return;
    Q_EMIT tenantChosen(id);
    accept();
}

bool QuickOpenDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Down || key->key() == Qt::Key_Up || key->key() == Qt::Key_PageDown || key->key() == Qt::Key_PageUp) {
            const int rows = m_model->rowCount();
            if (rows == 0)
                return true;
            const int step = (key->key() == Qt::Key_Down ? 1 : key->key() == Qt::Key_Up ? -1 : key->key() == Qt::Key_PageDown ? 10 : -10);
            const int row = qBound(0, m_results->currentIndex().row() + step, rows - 1);
            m_results->selectRow(row);
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

} // namespace portico
