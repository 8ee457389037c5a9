import { create } from 'zustand';
import { AssayError } from '../../../preload/contract';

export type ToastKind = 'error' | 'info' | 'success';

export interface Toast {
  readonly id: number;
  readonly kind: ToastKind;
  readonly message: string;
  readonly detail?: string;
}

export interface ToastsState {
  readonly toasts: readonly Toast[];
}

export const emptyToasts: ToastsState = { toasts: [] };

export const useToastsStore = create<ToastsState>()(() => emptyToasts);

let nextId = 1;
const autoDismissMs = 6000;

export function pushToast(kind: ToastKind, message: string, detail?: string): number {
  const id = nextId++;
  const toast: Toast = detail ? { id, kind, message, detail } : { id, kind, message };
  useToastsStore.setState((s) => ({ toasts: [...s.toasts.slice(-4), toast] }));
  // Errors stay until read; the rest get out of the way.
  if (kind !== 'error') setTimeout(() => dismissToast(id), autoDismissMs);
  return id;
}

export function dismissToast(id: number): void {
  useToastsStore.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

/** One place turns anything thrown into a message; a read-only refusal is information, not a failure. */
export function reportError(err: unknown): void {
  if (err instanceof AssayError) {
    if (err.code === 'CANCELLED') return;
    pushToast(err.code === 'READ_ONLY' ? 'info' : 'error', err.message, err.detail);
    return;
  }
  pushToast('error', err instanceof Error ? err.message : String(err));
}

export const useToasts = (): readonly Toast[] => useToastsStore((s) => s.toasts);
