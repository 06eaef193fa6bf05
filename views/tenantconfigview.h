#pragma once
// A tenant's Configuration tab: the keys as a tree grouped by prefix with the effective value, its
// source layer and every layer's value; an editor fitting the key's type with inline validation
// (core/config, the server's own rules); a diff preview before saving; the key's history with
// revert; and a user picker to see (and edit) one user's view. Give it its models (it does not own
// them) and a tenant id; it never touches the network itself.

#include "client/configtypes.h"
#include "core/problem.h"
#include <QWidget>

class QCompleter;
class QTimer;

class QComboBox;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
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

    // label: how confirmations and the editor name the tenant ("Acme Corp (acme)"); the id when empty.
    void setTenant(const QString &tenantId, const QString &label = {});
    // No edits (a read-only profile, or offline); `why` is what disabled controls say (empty: the
    // read-only profile's sentence).
    void setReadOnly(bool readOnly, const QString &why = {});
    void reload();
    // Shows the key in the editor (selects it in the tree).
    void selectKey(const QString &key);
    void setUser(const QString &user); // as the user picker does
    // "View as user" suggests, as the operator types, the users with settings of their own
    // (searched on the server), and says under the field when the chosen one has none.
    void setUserSuggestions(class ConfigUsersModel *users);
    [[nodiscard]] QString userNoteText() const; // "" when hidden

    [[nodiscard]] ConfigTreeModel *model() const { return m_model; }
    [[nodiscard]] ConfigHistoryModel *historyModel() const { return m_history; }
    [[nodiscard]] QTreeView *tree() const { return m_tree; }
    [[nodiscard]] ValueEditor *editor() const { return m_editor; }
    [[nodiscard]] QComboBox *userPicker() const { return m_userPicker; }
    [[nodiscard]] QPushButton *saveButton() const { return m_save; }
    [[nodiscard]] QPushButton *revertButton() const { return m_revert; }
    [[nodiscard]] QTableView *historyView() const { return m_historyView; }
    [[nodiscard]] QSplitter *splitter() const { return m_split; } // tree | editor and history
    [[nodiscard]] QString currentKey() const { return m_key; }
    [[nodiscard]] QString errorText() const;   // the inline validation message shown ("" when none)
    [[nodiscard]] QString previewText() const; // the diff preview shown ("" when hidden)
    [[nodiscard]] QString conflictText() const; // the conflict note shown ("" when hidden)
    // An edit in the editor that is not saved yet (what switching the tenant would drop).
    [[nodiscard]] bool hasUnsavedEdit() const;
    // Saves the edit through the confirmation; false when there is none or it was not confirmed.
    bool save();

    // The splitters' sizes; the tree goes above the editor when the view is narrow.
    [[nodiscard]] QByteArray saveLayout() const;
    void restoreLayout(const QByteArray &state);

protected:
    void resizeEvent(QResizeEvent *event) override;

Q_SIGNALS:
    void statusMessage(const QString &text);
    void problemOccurred(const Problem &problem);

private:
    void showKey(const QString &key);
    void updateEditorState();
    void removeValue();
    void revertSelected();
    void modelLoaded();

    ConfigTreeModel *m_model;
    ConfigHistoryModel *m_history;
    QComboBox *m_userPicker;
    class ConfigUsersModel *m_users = nullptr;
    QCompleter *m_userCompleter = nullptr;
    QTimer *m_userSearch = nullptr; // debounces the suggestions' requests
    QLabel *m_userNote = nullptr;
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
    QPushButton *m_save;
    QPushButton *m_reset;
    QPushButton *m_remove;
    QTableView *m_historyView;
    QPushButton *m_revert;
    QSplitter *m_split = nullptr;
    QSplitter *m_right = nullptr;
    QString m_tenantLabel;
    QString m_key;
    bool m_readOnly = false;
    QString m_readOnlyWhy;
    std::optional<QJsonValue> m_keepMine; // after a conflict: the value the operator entered
    QJsonValue m_startValue;              // what the editor showed before any edit
};

} // namespace portico
