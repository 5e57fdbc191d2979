/** Input boxes and quick picks chained into steps, with a Back button that returns to the previous one. */
import * as vscode from 'vscode';

/** `skip`: a step that does not apply now, passed over in the direction the person was going. */
export type StepResult = 'next' | 'back' | 'cancel' | 'skip';
export type Step = () => Promise<StepResult>;

/** Runs the steps in order; Back goes one step back. True when the last step went on. */
export async function runSteps(steps: Step[], start = 0): Promise<boolean> {
  let index = start;
  let forward = true;
  while (index < steps.length) {
    const result = await steps[index]();
    if (result === 'cancel') return false;
    if (result !== 'skip') forward = result === 'next';
    index = forward ? index + 1 : Math.max(0, index - 1);
  }
  return true;
}

export interface InputOptions {
  title: string;
  step: number;
  totalSteps: number;
  value?: string;
  prompt: string;
  placeholder?: string;
  /** Hides what is typed, with a title button to show it. */
  password?: boolean;
  /**
   * Checked as the person types, from the first edit (a new step never opens on an error), and on Enter;
   * an Error blocks going on, a Warning only shows.
   */
  validate?: (value: string) => vscode.InputBoxValidationMessage | undefined | Promise<vscode.InputBoxValidationMessage | undefined>;
}

export type Answer<T> = { action: 'next'; value: T } | { action: 'back' | 'cancel' };

const SHOW_VALUE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('eye'), tooltip: 'Show the value' };
const HIDE_VALUE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('eye-closed'), tooltip: 'Hide the value' };

export function input(options: InputOptions): Promise<Answer<string>> {
  const box = vscode.window.createInputBox();
  const back = options.step > 1 ? [vscode.QuickInputButtons.Back] : [];
  const showButtons = () => (box.buttons = [...back, ...(options.password ? [box.password ? SHOW_VALUE : HIDE_VALUE] : [])]);
  Object.assign(box, {
    title: options.title,
    step: options.step,
    totalSteps: options.totalSteps,
    value: options.value ?? '',
    prompt: options.prompt,
    placeholder: options.placeholder,
    password: options.password ?? false,
    ignoreFocusOut: true,
  });
  showButtons();
  // A value given to the step is shown with its problems at once; an empty one only once typed in.
  let edited = box.value !== '';
  let checking = Promise.resolve<vscode.InputBoxValidationMessage | undefined>(undefined);
  const check = (value: string) => {
    checking = Promise.resolve(options.validate?.(value)).then((message) => {
      if (box.value === value && edited) box.validationMessage = message;
      return message;
    });
  };
  check(box.value);
  return settle<string>(box, (finish) => [
    box.onDidChangeValue((value) => {
      edited = true;
      check(value);
    }),
    box.onDidTriggerButton((button) => {
      if (button !== SHOW_VALUE && button !== HIDE_VALUE) return;
      box.password = button === HIDE_VALUE;
      showButtons();
    }),
    box.onDidAccept(async () => {
      const message = await checking;
      edited = true;
      box.validationMessage = message;
      if (message?.severity !== vscode.InputBoxValidationSeverity.Error) finish({ action: 'next', value: box.value });
    }),
  ]);
}

export interface PickOptions<T extends vscode.QuickPickItem> {
  title: string;
  step: number;
  totalSteps: number;
  items: T[];
  placeholder?: string;
  /** The item selected when the step opens, e.g. the one chosen before going Back. */
  active?: T;
}

export function pick<T extends vscode.QuickPickItem>(options: PickOptions<T>): Promise<Answer<T>> {
  const quickPick = vscode.window.createQuickPick<T>();
  Object.assign(quickPick, {
    title: options.title,
    step: options.step,
    totalSteps: options.totalSteps,
    items: options.items,
    placeholder: options.placeholder,
    ignoreFocusOut: true,
    buttons: options.step > 1 ? [vscode.QuickInputButtons.Back] : [],
  });
  if (options.active) quickPick.activeItems = [options.active];
  return settle<T>(quickPick, (finish) => [
    quickPick.onDidAccept(() => {
      const [selected] = quickPick.selectedItems;
      if (selected) finish({ action: 'next', value: selected });
    }),
  ]);
}

/** Shows the input and resolves once: on Back, on hiding (cancel), or when `finish` is called. */
function settle<T>(
  quickInput: vscode.InputBox | vscode.QuickPick<vscode.QuickPickItem>,
  listen: (finish: (answer: Answer<T>) => void) => vscode.Disposable[],
): Promise<Answer<T>> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (answer: Answer<T>) => {
      if (done) return;
      done = true;
      subscriptions.forEach((subscription) => subscription.dispose());
      quickInput.dispose();
      resolve(answer);
    };
    const subscriptions = [
      ...listen(finish),
      quickInput.onDidTriggerButton((button) => button === vscode.QuickInputButtons.Back && finish({ action: 'back' })),
      quickInput.onDidHide(() => finish({ action: 'cancel' })),
    ];
    quickInput.show();
  });
}
