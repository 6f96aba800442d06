// What the extension shows of the server: a status-bar item, its steady face (indexed, stopped),
// which opens the extension's commands when clicked; and, while the handbook is read, a
// notification with the server's work-done progress (title, percentage, Cancel where the server
// allows it). vscode-languageclient would show that progress only as a status-bar spinner.
import * as vscode from 'vscode';
import {
  State,
  WorkDoneProgressCancelNotification,
  type LanguageClient,
  type ProgressToken,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageclient/node';

/** A build shorter than this shows no notification, only the status-bar item: a toast that flashes by says nothing. */
const NOTIFY_AFTER_MS = 400;

type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

/** One run of the server's work-done progress. */
interface Run {
  title: string;
  cancellable: boolean;
  percentage: number;
  message?: string;
  /** The notification's progress, once it shows. */
  notification?: vscode.Progress<{ message?: string; increment?: number }>;
  reported: number;
  timer?: NodeJS.Timeout;
  end?: () => void;
}

export class ServerStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('handbookRoles.status', vscode.StatusBarAlignment.Left, 0);
  private readonly runs = new Map<ProgressToken, Run>();
  private client: LanguageClient | undefined;
  /** What the last build said it read ("4656/4656 files"). */
  private lastRead: string | undefined;

  constructor(clickCommand: string) {
    this.item.name = 'Handbook Roles';
    this.item.command = clickCommand;
    this.showStarting();
    this.item.show();
  }

  /** Follows the client's state: a stopped server shows as stopped until it runs again. */
  follow(client: LanguageClient): vscode.Disposable {
    this.client = client;
    return client.onDidChangeState(({ newState }) => {
      if (newState === State.Stopped) {
        this.lastRead = undefined;
        this.show('$(circle-slash) Handbook Roles', 'Handbook Roles: the language server is stopped. Click for its commands (Restart Server).');
      } else if (this.runs.size === 0) this.showStarting();
    });
  }

  /** vscode-languageclient's `handleWorkDoneProgress` middleware: every progress value of the server comes here. */
  readonly handleWorkDoneProgress = (token: ProgressToken, value: ProgressValue, next: (token: ProgressToken, value: ProgressValue) => void): void => {
    if (value.kind === 'begin') this.begin(token, value);
    else if (value.kind === 'report') this.report(token, value);
    else {
      this.end(token);
      // Lets the client's own progress part clean up; it was never begun, so it shows nothing.
      next(token, value);
    }
  };

  dispose(): void {
    for (const token of [...this.runs.keys()]) this.end(token);
    this.item.dispose();
  }

  private begin(token: ProgressToken, value: WorkDoneProgressBegin): void {
    const run: Run = { title: value.title, cancellable: value.cancellable ?? false, percentage: value.percentage ?? 0, message: value.message, reported: 0 };
    this.runs.set(token, run);
    run.timer = setTimeout(() => this.notify(token, run), NOTIFY_AFTER_MS);
    this.showRunning(run);
  }

  private report(token: ProgressToken, value: WorkDoneProgressReport): void {
    const run = this.runs.get(token);
    if (!run) return;
    if (value.percentage !== undefined) run.percentage = Math.max(run.percentage, Math.min(100, value.percentage));
    if (value.message !== undefined) run.message = value.message;
    this.updateNotification(run);
    this.showRunning(run);
  }

  private end(token: ProgressToken): void {
    const run = this.runs.get(token);
    if (!run) return;
    this.runs.delete(token);
    clearTimeout(run.timer);
    run.end?.();
    if (run.message) this.lastRead = run.message;
    if (this.runs.size === 0) this.showIndexed();
  }

  /** The notification, for a build that lasts: it ends with the build, and Cancel tells the server. */
  private notify(token: ProgressToken, run: Run): void {
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: run.title, cancellable: run.cancellable }, (progress, cancellation) => {
      run.notification = progress;
      this.updateNotification(run);
      cancellation.onCancellationRequested(() => void this.client?.sendNotification(WorkDoneProgressCancelNotification.type, { token }));
      return new Promise<void>((resolve) => (run.end = resolve));
    });
  }

  private updateNotification(run: Run): void {
    if (!run.notification) return;
    const increment = run.percentage - run.reported;
    run.reported = run.percentage;
    run.notification.report({ message: run.message, increment });
  }

  private showRunning(run: Run): void {
    this.show(`$(sync~spin) Handbook Roles ${run.percentage}%`, `${run.title}: ${run.message ?? 'indexing the handbook'}`);
  }

  private showIndexed(): void {
    const read = this.lastRead ? ` (${this.lastRead})` : '';
    this.show('$(book) Handbook Roles', `Handbook Roles: the handbook is indexed${read}. Click for the commands.`);
  }

  /** Until the first build begins (its progress comes right after the server starts). */
  private showStarting(): void {
    this.show('$(loading~spin) Handbook Roles', 'Handbook Roles: starting the language server');
  }

  /** The tooltip is also what a screen reader reads (and what the end-to-end tests check). */
  private show(text: string, tooltip: string): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: tooltip };
  }
}
