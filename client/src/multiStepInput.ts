/** Input boxes and quick picks chained into steps, with a Back button that returns to the previous one. */
import * as vscode from 'vscode';

export type StepResult = 'next' | 'back' | 'cancel';
export type Step = () => Promise<StepResult>;

/** Runs the steps in order; Back goes one step back. True when the last step went on. */
export async function runSteps(steps: Step[], start = 0): Promise<boolean> {
  let index = start;
  while (index < steps.length) {
    const result = await steps[index]();
    if (result === 'cancel') return false;
    index = result === 'back' ? Math.max(0, index - 1) : index + 1;
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
  password?: boolean;
  /** Checked as the person types; an Error blocks going on, a Warning only shows. */
  validate?: (value: string) => vscode.InputBoxValidationMessage | undefined | Promise<vscode.InputBoxValidationMessage | undefined>;
}

export type Answer<T> = { action: 'next'; value: T } | { action: 'back' | 'cancel' };

export function input(options: InputOptions): Promise<Answer<string>> {
  const box = vscode.window.createInputBox();
  Object.assign(box, {
    title: options.title,
    step: options.step,
    totalSteps: options.totalSteps,
    value: options.value ?? '',
    prompt: options.prompt,
    placeholder: options.placeholder,
    password: options.password ?? false,
    ignoreFocusOut: true,
    buttons: options.step > 1 ? [vscode.QuickInputButtons.Back] : [],
  });
  let checking = Promise.resolve<vscode.InputBoxValidationMessage | undefined>(undefined);
  const check = (value: string) => {
    checking = Promise.resolve(options.validate?.(value)).then((message) => {
      if (box.value === value) box.validationMessage = message;
      return message;
    });
  };
  check(box.value);
  return settle<string>(box, (finish) => [
    box.onDidChangeValue(check),
    box.onDidAccept(async () => {
      const message = await checking;
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
