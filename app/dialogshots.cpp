#include "app/dialogshots.h"
#include "app/appmenus.h"
#include "app/preferencesdialog.h"
#include "views/connectiondialog.h"

#include <QAction>
#include <QCoreApplication>
#include <QDialog>
#include <QTimer>
#include <cstdio>

namespace portico {
namespace {
void grabAndQuit(QWidget *widget, const QString &path)
{
    QTimer::singleShot(300, widget, [widget, path] {
        const bool ok = widget->grab().save(path, "PNG");
        std::fprintf(ok ? stdout : stderr, "%s %s\n", ok ? "screenshot saved:" : "screenshot failed:", qUtf8Printable(path));
        QCoreApplication::exit(ok ? 0 : 1);
    });
}
} // namespace

bool isDialogShotName(const QString &name)
{
    return name == QLatin1String("connection") || name == QLatin1String("preferences") || name == QLatin1String("shortcuts")
        || name == QLatin1String("about");
}

void takeDialogShot(AppMenus *menus, QWidget *window, const QString &name, const QString &path)
{
    // Let the window load first, as an operator would see it.
    QTimer::singleShot(1500, window, [menus, window, name, path] {
        if (name == QLatin1String("about")) {
            AboutDialog *about = menus->showAbout();
            QObject::connect(about, &AboutDialog::serverAnswered, about, [about, path] { grabAndQuit(about, path); });
        } else if (name == QLatin1String("shortcuts")) {
            grabAndQuit(menus->showShortcuts(), path);
        } else {
            menus->preferencesAction()->trigger();
            if (auto *prefs = window->findChild<PreferencesDialog *>())
                grabAndQuit(prefs, path);
        }
    });
}

void takeConnectionDialogShot(ConnectionDialog *dialog, const QString &path)
{
    QTimer::singleShot(3000, dialog, [dialog, path] { grabAndQuit(dialog, path); });
}

} // namespace portico
