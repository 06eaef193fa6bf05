#pragma once
// A tenant's Configuration tab: the keys as a tree grouped by prefix with the effective value, its
// source layer and every layer's value; an editor fitting the key's type with inline validation
// (core/config, the server's own rules); a diff preview before saving; the key's history with
// revert; and a user picker to see (and edit) one user's view. Give it its models (it does not own
// them) and a tenant id; it never touches the network itself.

#include "client/configtypes.h"
#include "core/problem.h"
#include <QWidget>

class QComboBox;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTreeView;

namespace portico {

class ConfigHistoryModel;
class ConfigTreeModel;
class ValueEditor;

class TenantConfigView : public QWidget
{
    Q_OBJECT
public:
    TenantConfigView(ConfigTreeModel *model, ConfigHistoryModel *history, QWidget *parent = nullptr);

    void setTenant(const QString &tenantId);
    void setReadOnly(bool readOnly);
    void reload();
    // Shows the key in the editor (selects it in the tree).
    void selectKey(const QString &key);
    void setUser(const QString &user); // as the user picker does

    [[nodiscard]] ConfigTreeModel *model() const { return m_model; }
    [[nodiscard]] ConfigHistoryModel *historyModel() const { return m_history; }
    [[nodiscard]] QTreeView *tree() const { return m_tree; }
    [[nodiscard]] ValueEditor *editor() const { return m_editor; }
    [[nodiscard]] QComboBox *userPicker() const { return m_userPicker; }
    [[nodiscard]] QPushButton *saveButton() const { return m_save; }
    [[nodiscard]] QPushButton *revertButton() const { return m_revert; }
    [[nodiscard]] QTableView *historyView() const { return m_historyView; }
    [[nodiscard]] QLineEdit *reasonEdit() const { return m_reason; }
    [[nodiscard]] QString currentKey() const { return m_key; }
    [[nodiscard]] QString errorText() const;   // the inline validation message shown ("" when none)
    [[nodiscard]] QString previewText() const; // the diff preview shown ("" when hidden)
    [[nodiscard]] QString conflictText() const; // the conflict note shown ("" when hidden)

Q_SIGNALS:
    void statusMessage(const QString &text);
    void problemOccurred(const Problem &problem);

private:
    void showKey(const QString &key);
    void updateEditorState();
    void save();
    void removeValue();
    void revertSelected();
    void modelLoaded();

    ConfigTreeModel *m_model;
    ConfigHistoryModel *m_history;
    QComboBox *m_userPicker;
    QTreeView *m_tree;
    QLabel *m_title;
    QLabel *m_description;
    QLabel *m_layerNote;
    ValueEditor *m_editor;
    QLabel *m_error;
    QFrame *m_previewFrame;
    QLabel *m_preview;
    QFrame *m_conflictFrame;
    QLabel *m_conflict;
    QLineEdit *m_reason;
    QPushButton *m_save;
    QPushButton *m_reset;
    QPushButton *m_remove;
    QTableView *m_historyView;
    QPushButton *m_revert;
    QString m_key;
    bool m_readOnly = false;
    std::optional<QJsonValue> m_keepMine; // after a conflict: the value the operator entered
    QJsonValue m_startValue;              // what the editor showed before any edit
};

} // namespace portico
