#include "views/tenantbrowser.h"
#include "views/exportprogress.h"
#include "views/tablecopy.h"
#include "views/tablesetup.h"
#include "models/formatting.h"
#include "models/csvexport.h"
#include "models/tableexport.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QProgressDialog>
#include <QStandardPaths>
#include <QTableView>
#include <QTimer>
#include <QUuid>
#include <QVBoxLayout>
#include <algorithm>

namespace portico {

TenantBrowser::TenantBrowser(TenantListModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_search(new QLineEdit(this)), m_table(new QTableView(this)),
      m_total(new QLabel(this)), m_debounce(new QTimer(this))
{
    m_search->setObjectName(QStringLiteral("tenantSearch"));
    m_search->setPlaceholderText(tr("Search name or slug, or paste a tenant id (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaxLength(TenantListQuery::kMaxSearchLength);

    // Typing fires one server search after a short pause, not one per keystroke.
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(250);
    connect(m_search, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_debounce, &QTimer::timeout, this, [this] { m_model->setSearch(m_search->text()); });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_debounce->stop();
        // The server's search matches names and slugs only: a pasted id opens that tenant.
        if (const QUuid id = QUuid::fromString(m_search->text().trimmed()); !id.isNull()) {
            Q_EMIT tenantActivated(idToString(id));
            return;
        }
        m_model->setSearch(m_search->text());
    });

    auto *filters = new QHBoxLayout;
    filters->setContentsMargins(0, 0, 0, 0);
    filters->addWidget(addFilter(TenantListModel::Filter::State, tr("Any state"), allTenantStates()));
    filters->addWidget(addFilter(TenantListModel::Filter::Plan, tr("Any plan"), allPlans()));
    // The API has no list of regions: the combo learns them from the rows it sees.
    filters->addWidget(addFilter(TenantListModel::Filter::Region, tr("Any region"), {}));
    filters->addWidget(addFilter(TenantListModel::Filter::Isolation, tr("Any isolation"), allIsolationModels()));
    filters->addStretch(1);

    setUpTable(m_table, QStringLiteral("tenantTable"), TableKind::Records);
    m_table->setModel(m_model);
    QHeaderView *header = m_table->horizontalHeader();
    header->setStretchLastSection(true);
    // Defaults sized to the longest value each column can hold (names and slugs to a typical
    // long one); a saved header state replaces them.
    const QFontMetrics fm = m_table->fontMetrics();
    const auto fit = [&fm](const QString &sample) { return fm.horizontalAdvance(sample) + 3 * fm.averageCharWidth(); };
    header->resizeSection(TenantListModel::NameColumn, fit(QStringLiteral("Brightline Manufacturing GmbH & Co.")));
    header->resizeSection(TenantListModel::SlugColumn, fit(QStringLiteral("brightline-manufacturing-gmbh")));
    header->resizeSection(TenantListModel::StateColumn, fit(QStringLiteral("suspended")));
    header->resizeSection(TenantListModel::PlanColumn, fit(QStringLiteral("enterprise")));
    header->resizeSection(TenantListModel::RegionColumn, fit(QStringLiteral("eu-central")));
    header->resizeSection(TenantListModel::IsolationColumn, fit(QStringLiteral("database")));
    header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    header->setSortIndicatorShown(true);
    m_table->setSortingEnabled(true);
    connect(header, &QHeaderView::sortIndicatorChanged, this, &TenantBrowser::keepSortIndicatorValid);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        // A reset clears the current row; keep showing the last tenant rather than blanking the panel.
        if (current.isValid())
            Q_EMIT currentTenantChanged(current.data(TenantListModel::IdRole).toString());
    });
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT tenantActivated(index.data(TenantListModel::IdRole).toString());
    });

    auto *copy = new QAction(tr("Copy"), m_table);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copy, &QAction::triggered, this, &TenantBrowser::copySelection);
    m_table->addAction(copy);
    m_exportAction = new QAction(tr("Export CSV…"), m_table);
    m_exportAction->setToolTip(tr("Every tenant matching the search and filters, with its id and the columns shown."));
    m_exportAction->setEnabled(false); // until an exporter is set
    connect(m_exportAction, &QAction::triggered, this, &TenantBrowser::exportCsv);
    m_table->addAction(m_exportAction);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    connect(m_model, &TenantListModel::totalChanged, this, &TenantBrowser::updateTotal);
    connect(m_model, &TenantListModel::loadingChanged, this, &TenantBrowser::updateTotal);
    connect(m_model, &TenantListModel::pageLoaded, this, &TenantBrowser::rememberRegions);
    connect(m_model, &TenantListModel::pageLoaded, this, &TenantBrowser::updateTotal);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    // The count beside the search it answers, so the filter row stays narrow enough for 1024 px.
    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_total);
    layout->addLayout(searchRow);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    updateTotal();
}

QComboBox *TenantBrowser::addFilter(TenantListModel::Filter filter, const QString &anyText, const QStringList &values)
{
    auto *combo = new QComboBox(this);
    combo->setObjectName(QStringLiteral("filter%1").arg(int(filter)));
    combo->addItem(anyText, QString());
    for (const QString &v : values)
        combo->addItem(v, v);
    connect(combo, &QComboBox::currentIndexChanged, this, [this, combo, filter] {
        m_model->setFilter(filter, combo->currentData().toString());
    });
    m_filters.insert(int(filter), combo);
    return combo;
}

QComboBox *TenantBrowser::filterCombo(TenantListModel::Filter filter) const
{
    return m_filters.value(int(filter));
}

void TenantBrowser::rememberRegions(int firstRow, int count)
{
    QComboBox *combo = filterCombo(TenantListModel::Filter::Region);
    for (int r = firstRow; r < firstRow + count; ++r) {
        const QString region = m_model->tenantAt(r).region;
        if (!region.isEmpty() && combo->findData(region) < 0) {
            // Sorted insert after "Any region", without touching the current index's meaning.
            int at = 1;
            while (at < combo->count() && combo->itemData(at).toString() < region)
                ++at;
            const QSignalBlocker block(combo);
            combo->insertItem(at, region, region);
        }
    }
}

void TenantBrowser::updateTotal()
{
    QString text = m_model->hasLoaded() ? format::tenantCount(m_model->total(), m_model->totalIsEstimate()) : QString();
    if (m_model->isLoading())
        text = text.isEmpty() ? tr("Loading…") : tr("%1 (loading…)").arg(text);
    m_total->setText(text);
}

QString TenantBrowser::totalText() const
{
    return m_total->text();
}

void TenantBrowser::keepSortIndicatorValid(int column, Qt::SortOrder)
{
    if (TenantListModel::isSortableColumn(column))
        return;
    // The model ignored the request; put the arrow back where the data really is sorted.
    QHeaderView *header = m_table->horizontalHeader();
    const QSignalBlocker block(header);
    header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    Q_EMIT statusMessage(tr("The server cannot sort by %1.").arg(m_model->headerData(column, Qt::Horizontal).toString()));
}

void TenantBrowser::setSearchDebounce(std::chrono::milliseconds delay)
{
    m_debounce->setInterval(int(delay.count()));
}

void TenantBrowser::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void TenantBrowser::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    m_table->selectionModel()->setCurrentIndex(m_model->index(row, 0),
                                               QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(m_model->index(row, 0));
}

void TenantBrowser::clearSelection()
{
    m_table->selectionModel()->clear();
}

QString TenantBrowser::currentTenantId() const
{
    return m_table->currentIndex().data(TenantListModel::IdRole).toString();
}

QList<int> TenantBrowser::shownColumns() const
{
    return portico::shownColumns(m_table);
}

QList<int> TenantBrowser::selectedRows() const
{
    return portico::selectedRows(m_table);
}

QString TenantBrowser::selectionAsText() const
{
    return exportTable(*m_model, selectedRows(), shownColumns(), TableFormat::Tsv);
}

void TenantBrowser::copySelection()
{
    const QList<int> rows = selectedRows();
    if (rows.isEmpty())
        return;
    QApplication::clipboard()->setText(selectionAsText());
    Q_EMIT statusMessage(tr("Copied rows: %1").arg(rows.size()));
}

void TenantBrowser::setExporter(TenantCsvExport *exporter)
{
    if (m_exporter)
        m_exporter->disconnect(this);
    m_exporter = exporter;
    m_exportAction->setEnabled(exporter != nullptr);
    if (exporter)
        connect(exporter, &CsvExport::finished, this, &TenantBrowser::exportEnded);
}

void TenantBrowser::exportCsv()
{
    if (!m_exporter || m_exporter->isRunning())
        return;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(this, tr("Export tenants"), dir + QStringLiteral("/tenants.csv"),
                                                      tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportTo(path);
}

void TenantBrowser::exportTo(const QString &path)
{
    if (!m_exporter || m_exporter->isRunning())
        return;
    m_progress = showExportProgress(this, m_exporter, tr("Export tenants"),
                                    [](qint64 rows) { return format::tenantCount(rows); });
    m_exporter->start(path, *m_model, shownColumns());
}

void TenantBrowser::exportEnded()
{
    QString message;
    switch (m_exporter->state()) {
    case CsvExport::State::Done:
        // format::tenantCount, not "%n tenant(s)": without an English .qm that shows literally.
        message = tr("Exported %1 to %2.").arg(format::tenantCount(m_exporter->rowsWritten()), m_exporter->path());
        break;
    case CsvExport::State::Cancelled: message = tr("Export cancelled: nothing was written."); break;
    default: message = tr("Export failed, nothing was written: %1").arg(m_exporter->errorString()); break;
    }
    m_progress = nullptr; // it goes by itself
    Q_EMIT statusMessage(message);
    Q_EMIT exportFinished(message);
}

QByteArray TenantBrowser::saveHeaderState() const
{
    return m_table->horizontalHeader()->saveState();
}

bool TenantBrowser::restoreHeaderState(const QByteArray &state)
{
    QHeaderView *header = m_table->horizontalHeader();
    if (state.isEmpty() || !header->restoreState(state))
        return false;
    // The saved sort indicator may not match the model's query; the query wins.
    header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    return true;
}

} // namespace portico
