import { useSyncExternalStore } from 'react';

// The API token lives in sessionStorage (per tab, gone when the tab closes) and in memory.
export const TOKEN_KEY = 'easgd.apiToken';

type Listener = () => void;
const listeners = new Set<Listener>();

function readStorage(): string {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

let token = readStorage();
/** Set when the API answered 401: the UI then asks for the token. Cleared when the token changes. */
let authRequired: string | null = null;

function emit() {
  for (const l of listeners) l();
}

export function getToken(): string {
  return token;
}

export function setToken(value: string): void {
  token = value.trim();
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    /* storage disabled: keep it in memory only */
  }
  authRequired = null;
  emit();
}

/** Re-reads sessionStorage (tests, or another part of the app writing it directly). */
export function reloadToken(): void {
  token = readStorage();
  authRequired = null;
  emit();
}

export function reportUnauthorized(message: string): void {
  authRequired = message;
  emit();
}

export function clearAuthRequired(): void {
  if (authRequired !== null) {
    authRequired = null;
    emit();
  }
}

function subscribe(l: Listener) {
  listeners.add(l);
  return () => {
    listeners.delete(l);
  };
}

export function useToken(): string {
  return useSyncExternalStore(subscribe, getToken, getToken);
}

export function useAuthRequired(): string | null {
  const get = () => authRequired;
  return useSyncExternalStore(subscribe, get, get);
}
