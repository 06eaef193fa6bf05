#include "views/auditview.h"
#include "models/tones.h"
#include "views/tablesetup.h"
#include "views/viewstate.h"
#include "models/auditchainverifier.h"
#include "models/auditmodel.h"
#include "models/csvexport.h"
#include "views/exportprogress.h"
#include "models/formatting.h"
#include "views/tablecopy.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDataStream>
#include <QDateTimeEdit>
#include <QFileDialog>
#include <QStandardPaths>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIODevice>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace portico {
namespace {
constexpr quint32 kLayoutMagic = 0x15014703;
constexpr quint16 kLayoutVersion = 1;
const QString kPlatform = QString::fromLatin1(kPlatformChain);
constexpr int kSelectedTenantItem = 1; // 0: the platform; 1: the tenant selected on the Tenants page
} // namespace

AuditView::AuditView(AuditModel *model, AuditChainVerifier *verifier, QWidget *parent)
    : QWidget(parent), m_model(model), m_verifier(verifier), m_chainCombo(new QComboBox(this)),
      m_otherTenant(new QPushButton(tr("Other tenant…"), this)), m_actor(new QLineEdit(this)), m_action(new QComboBox(this)),
      m_fromOn(new QCheckBox(tr("From"), this)), m_from(new QDateTimeEdit(this)), m_toOn(new QCheckBox(tr("To"), this)),
      m_to(new QDateTimeEdit(this)), m_apply(new QPushButton(tr("Apply"), this)), m_clear(new QPushButton(tr("Clear"), this)),
      m_banner(new QFrame(this)), m_bannerTitle(new QLabel(m_banner)), m_bannerBody(new QLabel(m_banner)), m_busy(new QProgressBar(this)),
      m_verifyButton(new QPushButton(tr("Verify chain"), this)), m_verifyAction(new QAction(tr("Verify chain"), this)),
      m_tableTitle(new QLabel(this)), m_stack(new QStackedWidget(this)), m_table(new QTableView(this)), m_placeholder(new QLabel(this)),
      m_detail(new QTextBrowser(this)), m_splitter(new QSplitter(Qt::Vertical, this)), m_exportAction(new QAction(tr("Export CSV…"), this))
{
    setObjectName(QStringLiteral("auditView"));

    // Chain selector and filters.
    m_chainCombo->setObjectName(QStringLiteral("auditChain"));
    m_chainCombo->addItem(tr("Platform"), kPlatform);
    m_chainCombo->addItem(tr("Selected tenant (none)"), QString());
    m_chainCombo->setItemData(kSelectedTenantItem, false, Qt::UserRole - 1); // disabled until a tenant is selected
    m_chainCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_chainCombo->setToolTip(tr("Whose chain: the platform's (sign-ins) or a tenant's. Follows the tenant selected on the Tenants page."));
    m_otherTenant->setToolTip(tr("Choose another tenant's chain (Ctrl+K finds tenants by name)."));
    m_actor->setObjectName(QStringLiteral("auditActor"));
    m_actor->setPlaceholderText(tr("actor, e.g. operator:admin@portico.local"));
    m_actor->setClearButtonEnabled(true);
    m_actor->setMinimumWidth(fontMetrics().averageCharWidth() * 30);
    m_action->setObjectName(QStringLiteral("auditAction"));
    m_action->setEditable(true);
    m_action->addItems({QString(), QStringLiteral("operator.login"), QStringLiteral("operator.login_failed"), QStringLiteral("operator.logout"),
                        QStringLiteral("tenant.created"), QStringLiteral("tenant.updated"), QStringLiteral("tenant.limits_changed"),
                        QStringLiteral("token.issued"), QStringLiteral("token.revoked"), QStringLiteral("operator.documents_read"),
                        QStringLiteral("operator.document_deleted"), QStringLiteral("isolation.blocked")});
    m_action->lineEdit()->setPlaceholderText(tr("any action"));
    m_action->setMinimumWidth(fontMetrics().averageCharWidth() * 26);
    const QDateTime now = QDateTime::currentDateTime();
    for (QDateTimeEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setEnabled(false);
    }
    m_from->setDateTime(now.addDays(-7));
    m_to->setDateTime(now);
    m_from->setToolTip(tr("Entries at or after this local time."));
    m_to->setToolTip(tr("Entries before this local time."));
    connect(m_fromOn, &QCheckBox::toggled, m_from, &QWidget::setEnabled);
    connect(m_toOn, &QCheckBox::toggled, m_to, &QWidget::setEnabled);
    m_apply->setToolTip(tr("Filter on the server (Enter in a field does the same)."));
    connect(m_apply, &QPushButton::clicked, this, &AuditView::applyFilters);
    connect(m_clear, &QPushButton::clicked, this, &AuditView::clearFilters);
    connect(m_actor, &QLineEdit::returnPressed, this, &AuditView::applyFilters);
    connect(m_action->lineEdit(), &QLineEdit::returnPressed, this, &AuditView::applyFilters);
    connect(m_action, &QComboBox::activated, this, &AuditView::applyFilters);
    connect(m_chainCombo, &QComboBox::activated, this, &AuditView::chainChosen);
    connect(m_otherTenant, &QPushButton::clicked, this, &AuditView::chooseTenantRequested);

    auto *chainRow = new QHBoxLayout;
    chainRow->addWidget(new QLabel(tr("Chain:"), this));
    chainRow->addWidget(m_chainCombo);
    chainRow->addWidget(m_otherTenant);
    chainRow->addStretch(1);
    // The filters on a row of their own: beside the chain they made the page 1,334 px wide at least.
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(new QLabel(tr("Actor:"), this));
    filterRow->addWidget(m_actor);
    filterRow->addWidget(new QLabel(tr("Action:"), this));
    filterRow->addWidget(m_action);
    filterRow->addWidget(m_fromOn);
    filterRow->addWidget(m_from);
    filterRow->addWidget(m_toOn);
    filterRow->addWidget(m_to);
    filterRow->addWidget(m_apply);
    filterRow->addWidget(m_clear);
    filterRow->addStretch(1);

    // Verdict banner.
    m_banner->setObjectName(QStringLiteral("auditVerdict"));
    m_banner->setFrameShape(QFrame::StyledPanel);
    QFont titleFont = m_bannerTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    titleFont.setBold(true);
    m_bannerTitle->setFont(titleFont);
    m_bannerTitle->setWordWrap(true);
    m_bannerTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_bannerBody->setWordWrap(true);
    m_bannerBody->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *bannerLayout = new QVBoxLayout(m_banner);
    bannerLayout->setContentsMargins(12, 8, 12, 8);
    bannerLayout->setSpacing(2);
    bannerLayout->addWidget(m_bannerTitle);
    bannerLayout->addWidget(m_bannerBody);

    m_verifyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));
    m_verifyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_verifyAction->setToolTip(tr("Fetch the whole chain and check every hash here in the console (Ctrl+Shift+V)."));
    connect(m_verifyAction, &QAction::triggered, this, &AuditView::verify);
    addAction(m_verifyAction);
    auto *refresh = new QAction(tr("Refresh"), this); // named: Help ▸ Keyboard shortcuts lists it
    refresh->setShortcut(QKeySequence::Refresh);
    refresh->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(refresh, &QAction::triggered, this, [this] {
        m_model->refresh();
        verify();
    });
    addAction(refresh);
    m_verifyButton->setObjectName(QStringLiteral("verifyChainButton"));
    m_verifyButton->setToolTip(m_verifyAction->toolTip());
    m_verifyButton->setMinimumHeight(m_verifyButton->sizeHint().height() * 5 / 4);
    connect(m_verifyButton, &QPushButton::clicked, m_verifyAction, &QAction::trigger);
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setFixedWidth(m_verifyButton->sizeHint().width());
    m_busy->hide();
    auto *controls = new QVBoxLayout;
    controls->addStretch(1);
    controls->addWidget(m_verifyButton);
    controls->addWidget(m_busy, 0, Qt::AlignHCenter);
    controls->addStretch(1);
    auto *top = new QHBoxLayout;
    top->addWidget(m_banner, 1);
    top->addLayout(controls);

    // Entries and the selected one in full.
    auto *box = new QGroupBox(this);
    QFont bold = m_tableTitle->font();
    bold.setBold(true);
    m_tableTitle->setFont(bold);
    setUpTable(m_table, QStringLiteral("auditTable"), TableKind::Records);
    m_table->setModel(m_model);
    m_table->horizontalHeader()->setHighlightSections(false);
    const QFontMetrics fm = fontMetrics();
    const auto width = [&fm](const QString &sample) { return fm.horizontalAdvance(sample) + 3 * fm.averageCharWidth(); };
    QHeaderView *header = m_table->horizontalHeader();
    header->resizeSection(AuditModel::SeqColumn, width(QStringLiteral("000000")));
    header->resizeSection(AuditModel::TimeColumn, width(QStringLiteral("2026-11-29 10:00:00")));
    header->resizeSection(AuditModel::ActorColumn, width(QStringLiteral("operator:admin@portico.local")));
    header->resizeSection(AuditModel::ActionColumn, width(QStringLiteral("operator.documents_read")));
    header->resizeSection(AuditModel::TargetColumn, width(QStringLiteral("tenant/00000000-0000-0000")));
    header->resizeSection(AuditModel::ReasonColumn, width(QStringLiteral("Customer asked for an export")));
    header->setStretchLastSection(true);
    addCopyAction(m_table, [this](int rows) { Q_EMIT statusMessage(tr("Copied audit entries: %1").arg(rows)); });
    m_exportAction->setToolTip(tr("Every entry matching the chain and filters, with its hashes."));
    m_exportAction->setEnabled(false); // until an exporter is set
    connect(m_exportAction, &QAction::triggered, this, &AuditView::exportCsv);
    m_table->addAction(m_exportAction);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &AuditView::updateDetail);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setEnabled(false);
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_placeholder);
    m_detail->setObjectName(QStringLiteral("auditDetail"));
    m_detail->setOpenLinks(false);
    m_detail->setPlaceholderText(tr("Select an entry to read it in full: details as JSON and its hashes."));
    m_splitter->setObjectName(QStringLiteral("auditSplitter"));
    m_splitter->addWidget(m_stack);
    m_splitter->addWidget(m_detail);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({520, 200});
    auto *boxLayout = new QVBoxLayout(box);
    boxLayout->addWidget(m_tableTitle);
    boxLayout->addWidget(m_splitter, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(chainRow);
    layout->addLayout(filterRow);
    layout->addLayout(top);
    layout->addWidget(box, 1);

    connect(m_model, &AuditModel::loadingChanged, this, [this] {
        updatePlaceholder();
        checkSettled();
    });
    connect(m_model, &AuditModel::modelReset, this, &AuditView::updatePlaceholder);
    connect(m_model, &AuditModel::problemOccurred, this, [this] {
        updatePlaceholder();
        checkSettled();
    });
    connect(m_model, &AuditModel::pageLoaded, this, [this](int first, int) {
        updatePlaceholder();
        if (first == 0 && m_table->currentIndex().row() < 0 && m_model->rowCount() > 0)
            m_table->selectionModel()->setCurrentIndex(m_model->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        if (m_revealPending)
            revealBadRow();
    });
    connect(m_verifier, &AuditChainVerifier::stateChanged, this, &AuditView::updateVerdict);
    connect(m_verifier, &AuditChainVerifier::progress, this, &AuditView::updateVerdict);
    connect(m_verifier, &AuditChainVerifier::serverVerdictChanged, this, [this] {
        updateVerdict();
        checkSettled();
    });
    connect(m_verifier, &AuditChainVerifier::finished, this, [this] {
        updateVerdict();
        const auto &v = m_verifier->verdict();
        m_model->setBadSeq(v && !v->ok ? v->firstBadSeq : std::nullopt);
        if (v && !v->ok && v->firstBadSeq) {
            m_revealPending = true;
            revealBadRow();
        }
        checkSettled();
    });
    setBanner(Verdict::None, tr("Choose a chain"), QString());
    updatePlaceholder();
}

void AuditView::setSelectedTenant(const QString &id, const QString &name)
{
    if (id == m_selectedTenantId && name == m_selectedTenantName)
        return;
    m_selectedTenantId = id;
    m_selectedTenantName = name;
    m_chainCombo->setItemText(kSelectedTenantItem, id.isEmpty() ? tr("Selected tenant (none)") : tr("Tenant: %1").arg(name));
    m_chainCombo->setItemData(kSelectedTenantItem, id);
    m_chainCombo->setItemData(kSelectedTenantItem, id.isEmpty() ? QVariant(false) : QVariant(), Qt::UserRole - 1);
    // Following the selection: while the selected tenant's chain is shown, show the new one.
    if (m_started && m_chainCombo->currentIndex() == kSelectedTenantItem && !id.isEmpty() && isVisible())
        showChain(id, name);
}

void AuditView::chainChosen()
{
    const QString chain = m_chainCombo->currentData().toString();
    if (chain.isEmpty())
        return;
    showChain(chain, m_chainCombo->currentIndex() == 0 ? QString() : m_chainCombo->currentText());
}

void AuditView::showChain(const QString &chain, const QString &name)
{
    m_started = true;
    m_wasSettled = false;
    m_chain = chain;
    int index = m_chainCombo->findData(chain);
    if (index < 0) {
        m_chainCombo->addItem(tr("Tenant: %1").arg(name.isEmpty() ? chain : name), chain);
        index = m_chainCombo->count() - 1;
    }
    m_chainCombo->setCurrentIndex(index);
    m_chainName = chain == kPlatform ? tr("the platform") : (name.isEmpty() ? chain : name);
    m_chainName.remove(QRegularExpression(QStringLiteral("^") + QRegularExpression::escape(tr("Tenant: "))));
    m_revealPending = false;
    applyFilters();
    verify();
}

void AuditView::ensureLoaded()
{
    if (m_started)
        return;
    if (!m_selectedTenantId.isEmpty())
        showChain(m_selectedTenantId, m_selectedTenantName);
    else
        showChain(kPlatform);
}

void AuditView::applyFilters()
{
    if (m_chain.isEmpty())
        return;
    AuditQuery q;
    q.chain = m_chain;
    q.limit = 100;
    q.actor = m_actor->text().trimmed();
    q.action = m_action->currentText().trimmed();
    if (m_fromOn->isChecked())
        q.from = m_from->dateTime().toUTC();
    if (m_toOn->isChecked())
        q.to = m_to->dateTime().toUTC();
    m_model->setQuery(q);
}

void AuditView::clearFilters()
{
    m_actor->clear();
    m_action->setCurrentIndex(0);
    m_action->setEditText(QString());
    m_fromOn->setChecked(false);
    m_toOn->setChecked(false);
    applyFilters();
}

void AuditView::verify()
{
    if (m_chain.isEmpty())
        return;
    m_wasSettled = false;
    m_model->setBadSeq(std::nullopt);
    m_verifier->verify(m_chain);
}

void AuditView::setBanner(Verdict verdict, const QString &title, const QString &body)
{
    m_verdict = verdict;
    Tone tone = Tone::Neutral;
    switch (verdict) {
    case Verdict::Holds: tone = Tone::Good; break;
    case Verdict::Broken: tone = Tone::Bad; break;
    case Verdict::Failed: tone = Tone::Warning; break;
    case Verdict::None:
    case Verdict::Empty:
    case Verdict::Running: tone = Tone::Neutral; break;
    }
    const ToneColors colors = toneColors(tone);
    const QString background = colors.background.name(), border = colors.border.name(), text = colors.text.name();
    m_banner->setStyleSheet(QStringLiteral("#auditVerdict { background: %1; border: 1px solid %2; border-radius: 4px; } "
                                           "#auditVerdict QLabel { color: %3; background: transparent; }")
                                .arg(background, border, text));
    m_bannerTitle->setText(title);
    m_bannerBody->setText(body);
    m_bannerBody->setVisible(!body.isEmpty());
}

void AuditView::updateVerdict()
{
    const bool running = m_verifier->isRunning();
    m_verifyAction->setEnabled(!running);
    m_verifyButton->setEnabled(!running);
    m_verifyButton->setText(running ? tr("Verifying…") : tr("Verify chain"));
    m_busy->setVisible(running);

    // The server's verdict, one line.
    QString server;
    if (const auto &s = m_verifier->serverVerdict()) {
        const QString checkpoints = s->checkpointsChecked == 1 ? tr("1 signed checkpoint") : tr("%1 signed checkpoints").arg(s->checkpointsChecked);
        if (s->ok && s->checked == 0)
            server = tr("Server's verdict: no entries to verify.");
        else if (s->ok)
            server = tr("Server's verdict: holds, %1 entries and %2 checked.").arg(s->checked).arg(checkpoints);
        else if (s->firstBadSeq)
            server = tr("Server's verdict: broken at seq %1: %2.").arg(*s->firstBadSeq).arg(s->reason);
        else
            server = tr("Server's verdict: does not hold: %1.").arg(s->reason);
    } else if (!m_verifier->serverProblem().isNull()) {
        server = tr("Server's verdict unavailable: %1").arg(m_verifier->serverProblem().toDisplayString());
    } else if (m_verifier->state() != AuditChainVerifier::State::Idle) {
        server = tr("Asking the server for its verdict…");
    }

    switch (m_verifier->state()) {
    case AuditChainVerifier::State::Idle:
        setBanner(Verdict::None, tr("Chain of %1 not verified yet").arg(m_chainName), tr("“Verify chain” checks every entry's hash here in the console."));
        break;
    case AuditChainVerifier::State::Fetching:
        setBanner(Verdict::Running, tr("Verifying the chain of %1… %2 entries fetched").arg(m_chainName).arg(m_verifier->fetched()), server);
        break;
    case AuditChainVerifier::State::Verifying:
        setBanner(Verdict::Running, tr("Verifying the chain of %1… checking %2 entries").arg(m_chainName).arg(m_verifier->fetched()), server);
        break;
    case AuditChainVerifier::State::Failed:
        setBanner(Verdict::Failed, tr("⚠ The chain could not be fetched: %1").arg(m_verifier->lastProblem().toDisplayString()), server);
        break;
    case AuditChainVerifier::State::Done: {
        const ChainVerdict &v = *m_verifier->verdict();
        if (m_verifier->nothingToVerify()) {
            // Not a green check: an empty chain proves nothing, and one cut off entirely looks the same.
            setBanner(Verdict::Empty, tr("Nothing to verify yet: the chain of %1 has no entries").arg(m_chainName), server);
        } else if (v.ok) {
            setBanner(Verdict::Holds,
                      v.checked == 1 ? tr("✔ Chain holds: 1 entry checked in the console (%1)").arg(m_chainName)
                                     : tr("✔ Chain holds: %1 entries checked in the console (%2)").arg(v.checked).arg(m_chainName),
                      server);
        } else {
            setBanner(Verdict::Broken,
                      tr("✖ Chain broken at seq %1: %2").arg(v.firstBadSeq ? QString::number(*v.firstBadSeq) : tr("?"), v.reason),
                      tr("Checked in the console from seq 1 (%1 of %2). The first bad entry is highlighted below. %3")
                          .arg(v.checked).arg(m_chainName, server));
        }
        break;
    }
    }
    m_banner->setToolTip(tr("The console recomputes each entry's SHA-256 from its fields and its predecessor's hash "
                            "(core/auditchain), so it does not rely on the server's verdict. Signed checkpoints are checked by the server."));
}

QString AuditView::verdictText() const
{
    return m_bannerBody->text().isEmpty() ? m_bannerTitle->text() : m_bannerTitle->text() + QLatin1Char('\n') + m_bannerBody->text();
}

void AuditView::revealBadRow()
{
    const auto seq = m_model->badSeq();
    if (!seq) {
        m_revealPending = false;
        return;
    }
    const int row = m_model->rowOfSeq(*seq);
    if (row >= 0) {
        m_revealPending = false;
        const QModelIndex index = m_model->index(row, 0);
        m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
        return;
    }
    // Newest first: older entries are further down; load until the bad one is on screen.
    if (m_model->canFetchMore({}))
        m_model->fetchMore({});
    else if (!m_model->isLoading())
        m_revealPending = false; // filtered out
}

void AuditView::updateDetail()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    const AuditEntry &e = m_model->entryAt(current.row());
    const bool bad = m_model->badSeq() && *m_model->badSeq() == e.seq;
    QString html = QStringLiteral("<p><b>#%1</b> &nbsp;·&nbsp; <code>%2</code> &nbsp;·&nbsp; %3 (%4)%5</p>")
                       .arg(e.seq)
                       .arg(e.action.toHtmlEscaped(), format::localDateTime(e.at).toHtmlEscaped(), format::utcToolTip(e.at).toHtmlEscaped(),
                            bad ? QStringLiteral(" &nbsp;<b>%1</b>").arg(toneSpan(Tone::Bad, tr("the chain does not hold here"))) : QString());
    html += QStringLiteral("<table cellspacing=2>");
    const auto row = [&html](const QString &label, const QString &value) {
        html += QStringLiteral("<tr><td><i>%1</i></td><td>%2</td></tr>").arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    };
    row(tr("Actor"), e.actor);
    row(tr("Target"), e.target);
    row(tr("Reason"), e.reason.isEmpty() ? tr("—") : e.reason);
    row(tr("Chain"), e.chain);
    if (!e.tenantId.isNull())
        row(tr("Tenant"), e.tenantId.toString(QUuid::WithoutBraces));
    row(tr("Previous hash"), QString::fromLatin1(e.prevHash.toHex()));
    row(tr("Hash"), QString::fromLatin1(e.hash.toHex()));
    html += QStringLiteral("</table><pre>%1</pre>").arg(current.siblingAtColumn(0).data(AuditModel::DetailsJsonRole).toString().toHtmlEscaped());
    m_detail->setHtml(html);
}

QString AuditView::detailText() const
{
    return m_detail->toPlainText();
}

void AuditView::updatePlaceholder()
{
    const bool empty = m_model->rowCount() == 0;
    if (!m_model->lastProblem().isNull())
        m_placeholder->setText(tr("The audit log could not be loaded: %1").arg(m_model->lastProblem().toDisplayString()));
    else if (!m_model->hasLoaded())
        m_placeholder->setText(m_model->isLoading() ? tr("Loading entries…") : tr("Choose a chain."));
    else
        m_placeholder->setText(tr("No entries match these filters."));
    m_stack->setCurrentWidget(empty ? static_cast<QWidget *>(m_placeholder) : m_table);
    const AuditQuery &q = m_model->query();
    const bool filtered = !q.actor.isEmpty() || !q.action.isEmpty() || q.from.isValid() || q.to.isValid();
    QString title = tr("Entries of %1, newest first").arg(m_chainName.isEmpty() ? tr("…") : m_chainName);
    if (m_model->hasLoaded())
        title += m_model->canFetchMore({}) ? tr(" (%1 loaded; scroll for more)").arg(m_model->rowCount()) : tr(" (%1)").arg(m_model->rowCount());
    if (filtered)
        title += tr(" · filtered");
    m_tableTitle->setText(title);
}

bool AuditView::isSettled() const
{
    const bool listDone = !m_model->isLoading() && (m_model->hasLoaded() || !m_model->lastProblem().isNull());
    const bool verifyDone = !m_verifier->isRunning() && m_verifier->state() != AuditChainVerifier::State::Idle && m_verifier->serverAnswered();
    return m_started && listDone && verifyDone && !m_revealPending;
}

void AuditView::checkSettled()
{
    if (m_wasSettled || !isSettled())
        return;
    m_wasSettled = true;
    Q_EMIT settled();
}

void AuditView::setExporter(AuditCsvExport *exporter)
{
    if (m_exporter)
        m_exporter->disconnect(this);
    m_exporter = exporter;
    m_exportAction->setEnabled(exporter != nullptr);
    if (exporter)
        connect(exporter, &CsvExport::finished, this, &AuditView::exportEnded);
}

void AuditView::exportCsv()
{
    if (!m_exporter || m_exporter->isRunning() || m_chain.isEmpty())
        return;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString name = m_chain == kPlatform ? m_chain : QStringLiteral("tenant-") + m_chain;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export audit entries"), dir + QStringLiteral("/audit-%1.csv").arg(name),
                                                      tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportTo(path);
}

QString AuditView::entryCount(qint64 n)
{
    // Two forms, not "%n entry(s)": without an English .qm that would show literally (as format::tenantCount).
    return n == 1 ? tr("1 audit entry") : tr("%1 audit entries").arg(QLocale().toString(n));
}

void AuditView::exportTo(const QString &path)
{
    if (!m_exporter || m_exporter->isRunning() || m_chain.isEmpty())
        return;
    m_progress = showExportProgress(this, m_exporter, tr("Export audit entries"), &AuditView::entryCount);
    m_exporter->start(path, m_model->query()); // the filters applied, not ones typed and not yet applied
}

void AuditView::exportEnded()
{
    QString message;
    switch (m_exporter->state()) {
    case CsvExport::State::Done:
        message = tr("Exported %1 to %2.").arg(entryCount(m_exporter->rowsWritten()), m_exporter->path());
        break;
    case CsvExport::State::Cancelled: message = tr("Export cancelled: nothing was written."); break;
    default: message = tr("Export failed, nothing was written: %1").arg(m_exporter->errorString()); break;
    }
    m_progress = nullptr; // it goes by itself
    Q_EMIT statusMessage(message);
    Q_EMIT exportFinished(message);
}

QByteArray AuditView::saveLayout() const
{
    return saveViewState(kLayoutMagic, kLayoutVersion, {m_splitter}, {m_table->horizontalHeader()});
}

bool AuditView::restoreLayout(const QByteArray &state)
{
    return restoreViewState(state, kLayoutMagic, kLayoutVersion, {m_splitter}, {m_table->horizontalHeader()});
}

} // namespace portico
