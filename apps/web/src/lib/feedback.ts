// Toasts and error display usable outside components: set once from antd's <App> context.
import type { App, FormInstance } from 'antd';
import i18n from '../i18n/index.ts';
import { ApiError } from './api.ts';

type AppApi = ReturnType<typeof App.useApp>;

let message: AppApi['message'] | null = null;
let modal: AppApi['modal'] | null = null;
let notification: AppApi['notification'] | null = null;

export function setFeedback(app: AppApi): void {
  message = app.message;
  modal = app.modal;
  notification = app.notification;
}

export const feedback = {
  success: (text: string) => void message?.success(text),
  info: (text: string) => void message?.info(text),
  error: (text: string) => void message?.error(text),
  get modal() {
    return modal;
  },
  get notification() {
    return notification;
  },
};

/** The user's-language sentence for a known error code, if there is one. */
function codeText(err: ApiError): string | null {
  const key = `errors.codes.${err.code.replaceAll('.', '_')}`;
  return i18n.exists(key) ? i18n.t(key) : null;
}

/** A sentence for the user, in their language, for any failure. */
export function errorText(err: unknown): string {
  const t = i18n.t.bind(i18n);
  if (!(err instanceof ApiError)) return t('errors.unknown');
  const known = codeText(err);
  if (known) return known;
  if (err.status === 0) return t('errors.network');
  if (err.status === 403) return t('errors.forbidden');
  if (err.status === 404) return t('errors.notFound');
  if (err.status === 409) return t('errors.conflict');
  if (err.status === 429) return t('errors.rateLimited');
  if (err.status >= 500) return t('errors.server');
  if (err.status === 401) return t('errors.sessionExpired');
  return err.detail ?? t('errors.invalid');
}

/** The form field a server path like "body.phone" or "tags.0" points at. */
function fieldName(path: string): (string | number)[] {
  const parts = path.split('.').filter((p) => p !== 'body' && p !== 'query' && p !== '');
  const first = parts[0];
  return first === undefined ? [] : [first];
}

/**
 * Show a failure: field errors go onto the form (when one is given and the fields exist there),
 * anything else becomes a message toast.
 */
export function showError(err: unknown, form?: FormInstance): void {
  if (err instanceof ApiError && form && err.fields.length > 0) {
    const known = new Set(Object.keys(form.getFieldsValue(true) as Record<string, unknown>));
    const onForm = err.fields.filter((f) => known.has(String(fieldName(f.path)[0])));
    if (onForm.length > 0) {
      const known = onForm.length === 1 ? codeText(err) : null;
      form.setFields(onForm.map((f) => ({ name: fieldName(f.path), errors: [known ?? f.message] })));
      if (onForm.length === err.fields.length) return;
    }
  }
  feedback.error(errorText(err));
}
