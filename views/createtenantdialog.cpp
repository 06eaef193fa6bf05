#include "views/createtenantdialog.h"
#include "models/tones.h"
#include "core/slug.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace portico {

CreateTenantDialog::CreateTenantDialog(const QStringList &regions, QWidget *parent)
    : QDialog(parent), m_name(new QLineEdit(this)), m_slug(new QLineEdit(this)), m_plan(new QComboBox(this)),
      m_isolation(new QComboBox(this)), m_region(new QComboBox(this)), m_adminEmail(new QLineEdit(this)),
      m_adminName(new QLineEdit(this)), m_general(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("createTenantDialog"));
    setWindowTitle(tr("Create tenant"));
    m_name->setObjectName(QStringLiteral("createName"));
    m_slug->setObjectName(QStringLiteral("createSlug"));
    m_slug->setPlaceholderText(tr("3 to 63 of a-z, 0-9 and -"));
    m_plan->addItems(allPlans());
    for (const IsolationModel m : {IsolationModel::Shared, IsolationModel::Schema, IsolationModel::Database})
        m_isolation->addItem(isolationLabel(m), toString(m));
    m_isolation->setToolTip(tr("Where the tenant's data lives. It cannot be changed later without moving the tenant."));
    m_region->setEditable(true);
    m_region->addItems(regions);
    m_region->setToolTip(tr("The region whose cluster holds the tenant's data; the server refuses a region it does not know."));
    m_adminEmail->setObjectName(QStringLiteral("createAdminEmail"));
    m_adminEmail->setPlaceholderText(tr("the tenant's first administrator"));
    m_general->setObjectName(QStringLiteral("createError"));
    m_general->setWordWrap(true);
    m_general->setStyleSheet(QStringLiteral("QLabel { %1 }").arg(toneTextStyle(Tone::Bad)));
    m_general->hide();
    m_name->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 48);

    auto *form = new QFormLayout;
    const auto row = [&](const QString &label, QWidget *field, const QString &name) {
        auto *box = new QWidget(this);
        auto *l = new QVBoxLayout(box);
        l->setContentsMargins(0, 0, 0, 0);
        l->setSpacing(2);
        l->addWidget(field);
        l->addWidget(addErrorLabel(name));
        form->addRow(label, box);
    };
    row(tr("&Name:"), m_name, QStringLiteral("name"));
    row(tr("&Slug:"), m_slug, QStringLiteral("slug"));
    row(tr("&Plan:"), m_plan, QStringLiteral("plan"));
    row(tr("&Isolation:"), m_isolation, QStringLiteral("isolation"));
    row(tr("&Region:"), m_region, QStringLiteral("region"));
    row(tr("Admin &email:"), m_adminEmail, QStringLiteral("admin_email"));
    row(tr("Admin n&ame:"), m_adminName, QStringLiteral("admin_name"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_general);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    m_create = m_buttons->button(QDialogButtonBox::Ok);
    m_create->setText(tr("&Review and create…"));
    m_create->setDefault(true);
    m_buttons->button(QDialogButtonBox::Cancel)->setAutoDefault(false);
    // The dialog stays open until the server has answered, so a refusal lands on its field.
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_create->isEnabled())
            Q_EMIT createRequested();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, [this](const QString &name) {
        if (!m_slugEdited) {
            const QSignalBlocker block(m_slug);
            m_slug->setText(slugify(name));
        }
        validate();
    });
    connect(m_slug, &QLineEdit::textEdited, this, [this](const QString &text) {
        m_slugEdited = !text.isEmpty(); // cleared: follow the name again
        if (!m_slugEdited) {
            const QSignalBlocker block(m_slug);
            m_slug->setText(slugify(m_name->text()));
        }
        validate();
    });
    connect(m_adminEmail, &QLineEdit::textChanged, this, &CreateTenantDialog::validate);
    connect(m_region, &QComboBox::editTextChanged, this, &CreateTenantDialog::validate);
    validate();
}

QString CreateTenantDialog::isolationLabel(IsolationModel model)
{
    switch (model) {
    case IsolationModel::Shared: return tr("Shared schema with row-level security");
    case IsolationModel::Schema: return tr("Schema per tenant");
    case IsolationModel::Database: return tr("Database per tenant");
    }
    return {};
}

QLabel *CreateTenantDialog::addErrorLabel(const QString &field)
{
    auto *label = new QLabel(this);
    label->setObjectName(field + QStringLiteral("Error"));
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setStyleSheet(QStringLiteral("QLabel { %1 }").arg(toneTextStyle(Tone::Bad)));
    label->hide();
    m_errors.insert(field, label);
    return label;
}

QString CreateTenantDialog::fieldError(const QString &field) const
{
    const QLabel *label = m_errors.value(field);
    return label && !label->isHidden() ? label->text() : QString();
}

NewTenant CreateTenantDialog::newTenant() const
{
    NewTenant n;
    n.name = m_name->text().trimmed();
    n.slug = m_slug->text().trimmed();
    n.plan = parsePlan(m_plan->currentText()).value_or(Plan::Free);
    n.isolation = parseIsolationModel(m_isolation->currentData().toString()).value_or(IsolationModel::Shared);
    n.region = m_region->currentText().trimmed();
    n.adminEmail = m_adminEmail->text().trimmed();
    n.adminName = m_adminName->text().trimmed();
    return n;
}

void CreateTenantDialog::clearErrors()
{
    for (QLabel *label : std::as_const(m_errors))
        label->hide();
    m_general->hide();
}

void CreateTenantDialog::validate()
{
    clearErrors();
    const QString slug = m_slug->text().trimmed();
    bool ok = !m_name->text().trimmed().isEmpty() && !m_adminEmail->text().trimmed().isEmpty()
              && !m_region->currentText().trimmed().isEmpty();
    if (!slug.isEmpty() && !isValidSlug(slug)) {
        QLabel *label = m_errors.value(QStringLiteral("slug"));
        label->setText(tr("A slug is 3 to 63 of a-z, 0-9 and -, starting and ending with a letter or digit."));
        label->show();
        ok = false;
    }
    m_create->setEnabled(ok && !m_busy);
}

void CreateTenantDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget *w : std::initializer_list<QWidget *>{m_name, m_slug, m_plan, m_isolation, m_region, m_adminEmail, m_adminName})
        w->setEnabled(!busy);
    if (busy)
        m_create->setEnabled(false);
    else
        validate();
}

void CreateTenantDialog::showProblem(const Problem &problem)
{
    setBusy(false);
    const QString detail = problem.detail.isEmpty() ? problem.toDisplayString() : problem.detail;
    if (QLabel *label = m_errors.value(problem.field)) {
        label->setText(detail);
        label->show();
        return;
    }
    m_general->setText(detail);
    m_general->show();
}

} // namespace portico
