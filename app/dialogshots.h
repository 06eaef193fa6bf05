#pragma once
// --screenshot-dialog NAME=PNG: saves one of the application's dialogs ("connection",
// "preferences", "shortcuts", "about") for the docs and for review, then quits. Like
// ScreenshotDirector, not part of the console's behaviour.

#include <QString>

class QWidget;

namespace portico {

class AppMenus;
class ConnectionDialog;

[[nodiscard]] bool isDialogShotName(const QString &name);
// Opens the dialog through the menus (the About box once the server answered), grabs it to
// `path` and exits the application with 0 (saved) or 1.
void takeDialogShot(AppMenus *menus, QWidget *window, const QString &name, const QString &path);
// The connection dialog once the keychain probe answered (or after 3 s).
void takeConnectionDialogShot(ConnectionDialog *dialog, const QString &path);

} // namespace portico
