#include "views/tenantdetailpanel.h"
#include "models/formatting.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QScrollArea>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace portico {

TenantDetailPanel::TenantDetailPanel(QWidget *parent)
    : QWidget(parent), m_stack(new QStackedWidget(this)), m_title(new QLabel(this)), m_loading(new QLabel(tr("Loading…"), this))
{
    auto *placeholder = new QLabel(tr("Select a tenant to see its details."), m_stack);
    placeholder->setAlignment(Qt::AlignCenter);
    placeholder->setEnabled(false);

    auto *content = new QWidget;
    auto *contentLayout = new QVBoxLayout(content);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    contentLayout->addWidget(m_title);

    // The fields in their groups, as the panel shows them; setTenant fills them by key.
    const QList<std::pair<QString, QList<std::pair<const char *, QString>>>> groups{
        {tr("Identity"), {{"name", tr("Name")}, {"slug", tr("Slug")}, {"id", tr("ID")}}},
        {tr("Account"), {{"state", tr("State")}, {"plan", tr("Plan")}, {"created", tr("Created")}, {"updated", tr("Updated")}}},
        {tr("Placement"),
         {{"region", tr("Region")}, {"isolation", tr("Isolation")}, {"cluster", tr("Cluster")}, {"database", tr("Database")},
          {"schema", tr("Schema")}}},
        {tr("Usage"), {{"members", tr("Members")}, {"documents", tr("Documents")}, {"storage", tr("Storage")}}},
    };
    for (const auto &[title, fields] : groups) {
        auto *box = new QGroupBox(title, content);
        auto *form = new QFormLayout(box);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        contentLayout->addWidget(box);
        for (const auto &[key, label] : fields)
            addField(form, QLatin1String(key), label);
    }
    contentLayout->addStretch(1);

    auto *scroll = new QScrollArea(m_stack);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    m_stack->addWidget(placeholder);
    m_stack->addWidget(scroll);

    m_loading->setVisible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_loading);
    layout->addWidget(m_stack, 1);
}

QLabel *TenantDetailPanel::addField(QFormLayout *form, const QString &key, const QString &label)
{
    auto *value = new QLabel(form->parentWidget());
    value->setObjectName(QStringLiteral("value_") + key);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(label, value);
    m_values.insert(key, value);
    return value;
}

void TenantDetailPanel::setTenant(const Tenant &t)
{
    const auto set = [this](const char *key, const QString &text, const QString &toolTip = {}) {
        QLabel *label = m_values.value(QLatin1String(key));
        label->setText(text);
        label->setToolTip(toolTip);
    };
    m_title->setText(t.name);
    set("name", t.name);
    set("slug", t.slug);
    set("id", idToString(t.id));
    set("state", toString(t.state));
    set("plan", toString(t.plan));
    set("created", format::localDateTime(t.createdAt), format::utcToolTip(t.createdAt));
    set("updated", format::localDateTime(t.updatedAt), format::utcToolTip(t.updatedAt));
    set("region", t.region);
    set("isolation", toString(t.isolation()));
    set("cluster", t.placement.cluster);
    set("database", t.placement.database);
    set("schema", t.placement.schema);
    const QString unknown = tr("—");
    set("members", t.stats ? QLocale().toString(t.stats->members) : unknown);
    set("documents", t.stats ? QLocale().toString(t.stats->documents) : unknown);
    set("storage", t.stats ? format::bytes(t.stats->storageBytes) : unknown,
        t.stats ? tr("%1 bytes").arg(QLocale().toString(t.stats->storageBytes)) : QString());
    m_stack->setCurrentIndex(1);
}

void TenantDetailPanel::clear()
{
    for (QLabel *label : std::as_const(m_values))
        label->clear();
    m_title->clear();
    m_stack->setCurrentIndex(0);
}

void TenantDetailPanel::setLoading(bool loading)
{
    m_loading->setVisible(loading);
}

QString TenantDetailPanel::valueText(const QString &field) const
{
    const QLabel *label = m_values.value(field);
    return label ? label->text() : QString();
}

bool TenantDetailPanel::hasTenant() const
{
    return m_stack->currentIndex() == 1;
}

} // namespace portico
