#pragma once
// The screenshots for the docs (docs/images/*.png, --screenshot and its kin): puts a MainWindow in
// the state a picture shows (the demo seed's tenants, flag and key), waits until that page's data
// is on screen, saves the window as PNG and says so. Not part of the console's behaviour: only
// main() (for the command line) and tests make one.

#include "app/mainwindow.h"
#include <QObject>
#include <chrono>

namespace portico {

class ScreenshotDirector : public QObject
{
    Q_OBJECT
public:
    // Watches `window`, which owns it.
    explicit ScreenshotDirector(MainWindow *window);

    // Shows `page`; once its data is on screen (Tenants: the first page and the first tenant's
    // details; Isolation: the report and the first page of alerts; Audit: the platform chain with
    // both verdicts; Fleet: the table and the fleet chart; Flags: a flag with a rollout and
    // overrides), saves the window as PNG and emits screenshotTaken. Gives up (ok = false) after
    // `timeout`.
    void armScreenshot(const QString &path, MainWindow::Page page = MainWindow::Page::Tenants,
                       std::chrono::milliseconds timeout = std::chrono::seconds(60));
    // The Tenants page filtered to enterprise tenants, the first one selected, its Usage tab on
    // 30 days of requests; saved once the chart is drawn.
    void armUsageScreenshot(const QString &path, std::chrono::milliseconds timeout = std::chrono::seconds(60));
    // The Tenants page with the first tenant's Configuration tab, once its keys are shown.
    void armConfigScreenshot(const QString &path, std::chrono::milliseconds timeout = std::chrono::seconds(60));
    // Tools ▸ Activity journal over the window; the dialog is saved, not the window.
    void armJournalScreenshot(const QString &path);
    // The command line's names: "usage", "config", "journal", or a page's name (MainWindow::pageNamed).
    void arm(const QString &path, const QString &shot);

Q_SIGNALS:
    void screenshotTaken(const QString &path, bool ok);

private:
    enum class Shot { Page, Usage, Config };
    void armShot(const QString &path, MainWindow::Page page, Shot shot, std::chrono::milliseconds timeout);
    [[nodiscard]] bool isReady(); // may select what the picture should show, then wait again
    void maybeTakeScreenshot();

    MainWindow *m_window;
    QString m_path; // empty: nothing armed
    MainWindow::Page m_page = MainWindow::Page::Tenants;
    Shot m_shot = Shot::Page;
};

} // namespace portico
