#include "views/tenantconfigview.h"
#include "models/tones.h"
#include "views/tablesetup.h"
#include "models/confighistorymodel.h"
#include "models/configtreemodel.h"
#include "models/configusersmodel.h"
#include "views/confirmdialog.h"
#include "views/valueeditor.h"

#include <QComboBox>
#include <QCompleter>
#include <QTimer>
#include <QDataStream>
#include <QResizeEvent>
#include <QFormLayout>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextDocumentFragment>
#include <QTreeView>
#include <QVBoxLayout>

namespace portico {
namespace {
QFrame *noteFrame(QWidget *parent, const QString &name, const QString &style)
{
    auto *frame = new QFrame(parent);
    frame->setObjectName(name);
    frame->setFrameShape(QFrame::StyledPanel);
    frame->setStyleSheet(QStringLiteral("QFrame#%1 { %2 border-radius: 3px; }").arg(name, style));
    return frame;
}

QString shown(const std::optional<QJsonValue> &v)
{
    return v ? jsonText(*v) : TenantConfigView::tr("(unset)");
}

// The changed leaves of a JSON value, one per line ("steps[0].role: admin → viewer").
QString diffLines(const QJsonValue &before, const QJsonValue &after)
{
    QStringList lines;
    for (const auto &entry : config::diff(before, after)) {
        const QJsonObject d = entry.toObject();
        const QString path = d.value(QLatin1String("path")).toString();
        const QString b = d.contains(QLatin1String("before")) ? jsonText(d.value(QLatin1String("before"))) : TenantConfigView::tr("(none)");
        const QString a = d.contains(QLatin1String("after")) ? jsonText(d.value(QLatin1String("after"))) : TenantConfigView::tr("(none)");
        lines << (path.isEmpty() ? TenantConfigView::tr("%1 → %2").arg(b, a) : TenantConfigView::tr("%1: %2 → %3").arg(path, b, a));
    }
    return lines.join(QLatin1Char('\n'));
}
} // namespace

TenantConfigView::TenantConfigView(ConfigTreeModel *model, ConfigHistoryModel *history, QWidget *parent)
    : QWidget(parent), m_model(model), m_history(history),
      m_userPicker(new QComboBox(this)), m_tree(new QTreeView(this)), m_title(new QLabel(this)), m_description(new QLabel(this)),
      m_layerNote(new QLabel(this)), m_editor(new ValueEditor(this)), m_error(new QLabel(this)),
      m_previewFrame(noteFrame(this, QStringLiteral("configPreview"), toneBoxStyle(Tone::Info))),
      m_preview(new QLabel(m_previewFrame)),
      m_conflictFrame(noteFrame(this, QStringLiteral("configConflict"), toneBoxStyle(Tone::Warning))),
      m_conflict(new QLabel(m_conflictFrame)), m_save(new QPushButton(tr("&Save"), this)),
      m_reset(new QPushButton(tr("Undo edits"), this)), m_remove(new QPushButton(tr("Remove value"), this)),
      m_historyView(new QTableView(this)), m_revert(new QPushButton(tr("Revert to before…"), this))
{
    setObjectName(QStringLiteral("tenantConfigView"));

    // User picker: the tenant's view, or one user's.
    m_userPicker->setObjectName(QStringLiteral("userPicker"));
    m_userPicker->setEditable(true);
    m_userPicker->setInsertPolicy(QComboBox::InsertAtTop);
    m_userPicker->setMinimumContentsLength(18);
    m_userPicker->lineEdit()->setPlaceholderText(tr("user id (empty: the tenant)"));
    m_userPicker->lineEdit()->setClearButtonEnabled(true);
    m_userPicker->setToolTip(tr("Show the values a user of this tenant gets, with their user layer; edits then write the user layer."));
    auto *reload = new QPushButton(tr("Reload"), this);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("View as &user:"), this));
    static_cast<QLabel *>(top->itemAt(0)->widget())->setBuddy(m_userPicker);
    top->addWidget(m_userPicker);
    top->addStretch(1);
    top->addWidget(reload);

    m_tree->setObjectName(QStringLiteral("configTree"));
    m_tree->setModel(m_model);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_tree->setColumnWidth(ConfigTreeModel::KeyColumn, 190);
    m_tree->setColumnWidth(ConfigTreeModel::ValueColumn, 130);
    m_tree->setColumnWidth(ConfigTreeModel::SourceColumn, 60);
    for (int c = ConfigTreeModel::DefaultColumn; c < ConfigTreeModel::ColumnCount; ++c)
        m_tree->setColumnWidth(c, 90);

    // The editor pane.
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_description->setWordWrap(true);
    m_layerNote->setWordWrap(true);
    m_layerNote->setStyleSheet(QStringLiteral("QLabel { %1 }").arg(toneTextStyle(Tone::Muted)));
    m_error->setObjectName(QStringLiteral("configError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { %1 }").arg(toneTextStyle(Tone::Bad)));
    m_preview->setObjectName(QStringLiteral("configPreviewText"));
    m_preview->setWordWrap(true);
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *previewLayout = new QVBoxLayout(m_previewFrame);
    previewLayout->setContentsMargins(8, 6, 8, 6);
    previewLayout->addWidget(m_preview);
    m_conflict->setWordWrap(true);
    m_conflict->setObjectName(QStringLiteral("configConflictText"));
    auto *discard = new QPushButton(tr("Discard mine and reload"), m_conflictFrame);
    auto *conflictLayout = new QVBoxLayout(m_conflictFrame);
    conflictLayout->setContentsMargins(8, 6, 8, 6);
    conflictLayout->addWidget(m_conflict);
    conflictLayout->addWidget(discard, 0, Qt::AlignLeft);
    m_save->setObjectName(QStringLiteral("configSave"));
    m_save->setToolTip(tr("Asks for a reason, which goes to the audit log, then saves"));
    m_remove->setToolTip(tr("Remove the value at this layer, so the next layer's value applies"));

    auto *editorBox = new QGroupBox(tr("Edit"), this);
    auto *editorLayout = new QVBoxLayout(editorBox);
    editorLayout->addWidget(m_title);
    editorLayout->addWidget(m_description);
    editorLayout->addWidget(m_layerNote);
    editorLayout->addWidget(m_editor);
    editorLayout->addWidget(m_error);
    editorLayout->addWidget(m_previewFrame);
    editorLayout->addWidget(m_conflictFrame);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_save);
    buttons->addWidget(m_reset);
    buttons->addStretch(1);
    buttons->addWidget(m_remove);
    editorLayout->addLayout(buttons);
    editorLayout->addStretch(1);

    setUpTable(m_historyView, QStringLiteral("configHistory"), TableKind::Choice, RowColors::Plain);
    m_historyView->setModel(m_history);
    {
        const QFontMetrics fm = m_historyView->fontMetrics();
        m_historyView->setColumnWidth(ConfigHistoryModel::AtColumn, fm.horizontalAdvance(QStringLiteral("2026-12-31 23:59:59")) + 16);
        m_historyView->setColumnWidth(ConfigHistoryModel::ChangeColumn, fm.averageCharWidth() * 28);
        m_historyView->setWordWrap(false);
        m_historyView->horizontalHeader()->setStretchLastSection(true);
    }
    m_revert->setObjectName(QStringLiteral("configRevert"));
    auto *historyBox = new QGroupBox(tr("History of this key"), this);
    auto *historyLayout = new QVBoxLayout(historyBox);
    historyLayout->addWidget(m_historyView);
    historyLayout->addWidget(m_revert, 0, Qt::AlignRight);

    m_right = new QSplitter(Qt::Vertical, this);
    m_right->setObjectName(QStringLiteral("configEditorSplitter"));
    m_right->addWidget(editorBox);
    m_right->addWidget(historyBox);
    m_right->setStretchFactor(0, 3);
    m_right->setStretchFactor(1, 2);
    m_split = new QSplitter(Qt::Horizontal, this);
    m_split->setObjectName(QStringLiteral("configSplitter"));
    m_split->addWidget(m_tree);
    m_split->addWidget(m_right);
    m_split->setStretchFactor(0, 1);
    m_split->setStretchFactor(1, 1);
    m_split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->addLayout(top);
    m_userNote = new QLabel(this);
    m_userNote->setObjectName(QStringLiteral("userNote"));
    m_userNote->setWordWrap(true);
    m_userNote->setEnabled(false); // muted, like a hint
    m_userNote->hide();
    layout->addWidget(m_userNote);
    layout->addWidget(m_split, 1);

    connect(m_userPicker->lineEdit(), &QLineEdit::editingFinished, this, [this] { setUser(m_userPicker->currentText()); });
    connect(m_userPicker, &QComboBox::textActivated, this, &TenantConfigView::setUser);
    connect(reload, &QPushButton::clicked, this, &TenantConfigView::reload);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &current) {
        const QString key = current.siblingAtColumn(0).data(ConfigTreeModel::KeyRole).toString();
        if (key != m_key) {
            m_keepMine.reset();
            showKey(key);
        }
    });
    connect(m_model, &ConfigTreeModel::loaded, this, &TenantConfigView::modelLoaded);
    connect(m_model, &ConfigTreeModel::problemOccurred, this, &TenantConfigView::problemOccurred);
    connect(m_model, &ConfigTreeModel::saved, this, [this](const QString &key, bool changed) {
        Q_EMIT statusMessage(changed ? tr("Saved %1.").arg(key) : tr("%1 was already at that value.").arg(key));
    });
    connect(m_model, &ConfigTreeModel::conflict, this, [this](const QString &key, const Problem &) {
        if (key == m_key)
            m_keepMine = m_editor->value();
        Q_EMIT statusMessage(tr("%1 was changed by someone else; reloaded.").arg(key));
    });
    connect(m_history, &ConfigHistoryModel::problemOccurred, this, &TenantConfigView::problemOccurred);
    connect(m_history, &ConfigHistoryModel::reverted, this, [this](const QString &key) {
        Q_EMIT statusMessage(tr("Reverted %1.").arg(key));
        m_model->reload();
    });
    connect(m_editor, &ValueEditor::edited, this, &TenantConfigView::updateEditorState);
    connect(m_save, &QPushButton::clicked, this, [this] { save(); });
    connect(m_reset, &QPushButton::clicked, this, [this] {
        m_keepMine.reset();
        showKey(m_key);
    });
    connect(discard, &QPushButton::clicked, this, [this] {
        m_keepMine.reset();
        showKey(m_key);
    });
    connect(m_remove, &QPushButton::clicked, this, &TenantConfigView::removeValue);
    connect(m_revert, &QPushButton::clicked, this, &TenantConfigView::revertSelected);
    connect(m_historyView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TenantConfigView::updateEditorState);
    connect(m_history, &QAbstractItemModel::modelReset, this, &TenantConfigView::updateEditorState);

    showKey({});
}

void TenantConfigView::setTenant(const QString &tenantId, const QString &label)
{
    m_tenantLabel = label.isEmpty() ? tenantId : label;
    if (tenantId == m_model->tenantId())
        return;
    m_keepMine.reset();
    m_key.clear();
    m_history->clear();
    m_model->setTenant(tenantId);
    m_userNote->hide();
    if (m_users) {
        m_users->setTenant(tenantId);
        if (!m_model->user().isEmpty())
            m_users->check(m_model->user());
    }
    showKey({});
}

void TenantConfigView::setUserSuggestions(ConfigUsersModel *users)
{
    m_users = users;
    m_userCompleter = new QCompleter(users, this);
    // The server has already filtered (substring, prefix matches first): show its list as it is.
    m_userCompleter->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    m_userCompleter->setCaseSensitivity(Qt::CaseInsensitive);
    m_userPicker->setCompleter(m_userCompleter);
    m_userSearch = new QTimer(this);
    m_userSearch->setSingleShot(true);
    m_userSearch->setInterval(150);
    connect(m_userPicker->lineEdit(), &QLineEdit::textEdited, m_userSearch, qOverload<>(&QTimer::start));
    connect(m_userSearch, &QTimer::timeout, this, [this] { m_users->search(m_userPicker->currentText()); });
    connect(users, &ConfigUsersModel::suggestionsLoaded, this, [this] {
        if (m_userPicker->lineEdit()->hasFocus() && m_users->rowCount() > 0)
            m_userCompleter->complete();
    });
    connect(users, &ConfigUsersModel::userChecked, this, [this](const QString &user, bool hasSettings) {
        if (user != m_model->user())
            return;
        m_userNote->setText(tr("no settings of its own for this user: showing the tenant's values"));
        m_userNote->setVisible(!hasSettings);
    });
    connect(users, &ConfigUsersModel::problemOccurred, this, &TenantConfigView::problemOccurred);
}

QString TenantConfigView::userNoteText() const
{
    return m_userNote->isHidden() ? QString() : m_userNote->text();
}

void TenantConfigView::setUser(const QString &user)
{
    const QString u = user.trimmed();
    m_userNote->hide();
    if (m_users && !u.isEmpty())
        m_users->check(u);
    if (m_userPicker->currentText() != u)
        m_userPicker->setEditText(u);
    if (u == m_model->user())
        return;
    if (!u.isEmpty() && m_userPicker->findText(u) < 0)
        m_userPicker->insertItem(0, u);
    m_keepMine.reset();
    m_model->setUser(u);
}

void TenantConfigView::setReadOnly(bool readOnly, const QString &why)
{
    m_readOnly = readOnly;
    m_readOnlyWhy = why.isEmpty() ? tr("This connection profile is read-only.") : why;
    updateEditorState();
}

void TenantConfigView::reload()
{
    m_model->reload();
}

void TenantConfigView::selectKey(const QString &key)
{
    const QModelIndex index = m_model->indexOfKey(key);
    if (!index.isValid())
        return;
    m_tree->scrollTo(index);
    m_tree->setCurrentIndex(index);
}

void TenantConfigView::modelLoaded()
{
    m_tree->expandAll();
    if (!m_key.isEmpty()) {
        const QModelIndex index = m_model->indexOfKey(m_key);
        {
            const QSignalBlocker block(m_tree->selectionModel());
            m_tree->setCurrentIndex(index);
        }
        m_tree->scrollTo(index);
    }
    showKey(m_key);
}

void TenantConfigView::showKey(const QString &key)
{
    m_key = key;
    const ConfigItem *item = m_model->item(key);
    const config::KeyDef *def = m_model->keyDef(key);
    if (!item || !def) {
        m_title->setText(tr("Choose a key"));
        m_description->setText(tr("Select a key on the left to see where its value comes from and change it."));
        m_layerNote->clear();
        m_editor->clear();
        m_history->clear();
        updateEditorState();
        return;
    }
    m_title->setText(key);
    m_description->setText(def->description);
    const QString layer = m_model->editLayer();
    const auto current = item->layer(layer);
    // Start from the layer's own value when set, else from what the tenant gets now.
    const QJsonValue start = m_keepMine ? *m_keepMine : (current ? *current : item->value);
    m_startValue = current ? *current : item->value;
    m_editor->setKey(*def, start);
    m_history->load(m_model->tenantId(), key, m_model->user());
    updateEditorState();
}

QString TenantConfigView::errorText() const
{
    return m_error->isVisible() || !m_error->isHidden() ? m_error->text() : QString();
}

QString TenantConfigView::previewText() const
{
    return m_previewFrame->isHidden() ? QString() : m_preview->text();
}

QString TenantConfigView::conflictText() const
{
    return m_conflictFrame->isHidden() ? QString() : m_conflict->text();
}

void TenantConfigView::updateEditorState()
{
    const ConfigItem *item = m_model->item(m_key);
    const config::KeyDef *def = m_model->keyDef(m_key);
    const QString layer = m_model->editLayer();
    const bool allowed = item && item->overridable.contains(layer);
    const bool editable = item && def && allowed && !m_readOnly;

    if (!item || !def)
        m_layerNote->clear();
    else if (m_readOnly)
        m_layerNote->setText(m_readOnlyWhy);
    else if (!allowed)
        m_layerNote->setText(layer == QLatin1String("user") ? tr("Users may not override this key; clear the user to edit the tenant layer.")
                                                            : tr("The tenant may not override this key (layers: %1).").arg(item->overridable.join(QStringLiteral(", "))));
    else if (layer == QLatin1String("user"))
        m_layerNote->setText(tr("Saving writes user %1's value (the user layer).").arg(m_model->user()));
    else
        m_layerNote->setText(tr("Saving writes the tenant layer. Effective now: %1 (from %2).").arg(jsonText(item->value), item->source));
    m_editor->setEditable(editable);

    const QString error = item && def ? m_editor->errorText() : QString();
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());

    const std::optional<QJsonValue> mine = error.isEmpty() && item ? m_editor->value() : std::nullopt;
    const std::optional<QJsonValue> layerValue = item ? item->layer(layer) : std::nullopt;
    // Changed: edited away from what was shown, or (after a conflict) different from theirs.
    const bool changed = mine && (m_keepMine ? (!layerValue || *layerValue != *mine) : *mine != m_startValue);
    if (changed && item && def) {
        // What the tenant (or user) gets after the save: the most specific layer wins.
        config::LayerValues lv{item->plan, item->tenant, item->user};
        (layer == QLatin1String("user") ? lv.user : lv.tenant) = *mine;
        const config::Resolved after = config::resolve(*def, lv);
        QString text = tr("<b>Preview</b> — %1 layer: %2 → %3").arg(layer, shown(layerValue).toHtmlEscaped(), jsonText(*mine).toHtmlEscaped());
        const QString leaves = diffLines(layerValue.value_or(QJsonValue()), *mine);
        if (mine->isObject() || mine->isArray())
            text += QStringLiteral("<pre>%1</pre>").arg(leaves.toHtmlEscaped());
        text += tr("<br>Effective value: %1 (%2) → %3 (%4)")
                    .arg(jsonText(item->value).toHtmlEscaped(), item->source, jsonText(after.value).toHtmlEscaped(), config::toString(after.source));
        m_preview->setText(text);
    }
    m_previewFrame->setVisible(changed);

    if (m_keepMine && item) {
        m_conflict->setText(tr("<b>Changed by someone else — reloaded.</b> Theirs: %1; yours: %2. Save again to replace theirs, or discard yours.")
                                .arg(shown(layerValue).toHtmlEscaped(), jsonText(*m_keepMine).toHtmlEscaped()));
        m_conflictFrame->show();
    } else {
        m_conflictFrame->hide();
    }

    m_save->setEnabled(editable && changed);
    m_reset->setEnabled(item && def);
    m_remove->setEnabled(editable && layerValue.has_value());
    const bool haveEntry = m_historyView->selectionModel()->hasSelection();
    m_revert->setEnabled(!m_readOnly && haveEntry);
}

bool TenantConfigView::hasUnsavedEdit() const
{
    return m_save->isEnabled();
}

bool TenantConfigView::save()
{
    if (!m_save->isEnabled())
        return false;
    const auto v = m_editor->value();
    const ConfigItem *item = m_model->item(m_key);
    if (!v || !m_editor->isValid() || !item)
        return false;
    const QString layer = m_model->editLayer();
    ChangeRequest change;
    change.title = tr("Save configuration");
    change.tenant = m_tenantLabel;
    change.what = layer == QLatin1String("user") ? tr("Set %1 for user %2 (the user layer)?").arg(m_key, m_model->user())
                                                 : tr("Set %1 at the tenant layer?").arg(m_key);
    change.before = shown(item->layer(layer));
    change.after = jsonText(*v);
    change.details = QTextDocumentFragment::fromHtml(previewText()).toPlainText(); // the preview as shown, as plain text
    change.confirmText = tr("Save");
    const auto reason = ConfirmDialog::confirm(this, change);
    if (!reason)
        return false;
    m_keepMine.reset();
    m_model->save(m_key, *v, *reason);
    return true;
}

QByteArray TenantConfigView::saveLayout() const
{
    QByteArray out;
    QDataStream stream(&out, QIODevice::WriteOnly);
    stream << quint8(1) << m_split->saveState() << m_right->saveState();
    return out;
}

void TenantConfigView::restoreLayout(const QByteArray &state)
{
    QDataStream stream(state);
    quint8 version = 0;
    QByteArray split, right;
    stream >> version >> split >> right;
    if (version != 1 || stream.status() != QDataStream::Ok)
        return;
    const Qt::Orientation orientation = m_split->orientation(); // the width decides, not the saved state
    m_split->restoreState(split);
    m_split->setOrientation(orientation);
    m_right->restoreState(right);
}

void TenantConfigView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Side by side the tree needs its key, value and source columns and the editor ~360 px; below
    // that the editor moves under the tree.
    // (No minimum width on the tree: it would keep the window from getting narrow enough to switch.)
    const int treeNeeded = m_tree->columnWidth(ConfigTreeModel::KeyColumn) + m_tree->columnWidth(ConfigTreeModel::ValueColumn) +
                           m_tree->columnWidth(ConfigTreeModel::SourceColumn) + 24;
    const int needed = treeNeeded + 380;
    const Qt::Orientation wanted = width() >= needed ? Qt::Horizontal : Qt::Vertical;
    if (m_split->orientation() != wanted)
        m_split->setOrientation(wanted);
}

void TenantConfigView::removeValue()
{
    const QString layer = m_model->editLayer();
    const ConfigItem *item = m_model->item(m_key);
    ChangeRequest change;
    change.title = tr("Remove value");
    change.tenant = m_tenantLabel;
    change.what = tr("Remove %1's value at the %2 layer? The next layer's value applies then.").arg(m_key, layer);
    change.before = shown(item ? item->layer(layer) : std::nullopt);
    change.after = tr("(unset)");
    change.confirmText = tr("Remove");
    const auto reason = ConfirmDialog::confirm(this, change);
    if (!reason)
        return;
    m_keepMine.reset();
    m_model->save(m_key, std::nullopt, *reason);
}

void TenantConfigView::revertSelected()
{
    const QModelIndexList rows = m_historyView->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const ConfigHistoryEntry *e = m_history->entry(rows.first().row());
    if (!e)
        return;
    const QString before = e->before.isNull() ? tr("(unset)") : jsonText(e->before);
    const QString now = shown(m_model->item(e->key) ? m_model->item(e->key)->layer(e->layer) : std::nullopt);
    ChangeRequest change;
    change.title = tr("Revert configuration");
    change.tenant = m_tenantLabel;
    change.what = tr("Set %1 at the %2 layer back to %3?").arg(e->key, e->layer, before);
    change.before = now;
    change.after = before;
    change.details = tr("The revert is itself a new history entry.");
    change.confirmText = tr("Revert");
    const auto reason = ConfirmDialog::confirm(this, change);
    if (!reason)
        return;
    m_history->revert(rows.first().row(), *reason);
}

} // namespace portico
