'use client';

import { useEffect } from 'react';

export const UNSAVED_CHANGES_MESSAGE = 'You have unsaved changes. Leave this page and lose them?';

// The parts of the Navigation API used below (TypeScript's DOM types do not carry it yet).
interface TraverseGuardEvent extends Event {
  readonly navigationType: 'push' | 'replace' | 'reload' | 'traverse';
  readonly destination: { readonly sameDocument: boolean };
}
type NavigationEvents = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

/**
 * Asks before leaving with unsaved edits: on reload, close, typed addresses and Back to
 * another site through `beforeunload`; on in-app links, which the App Router cannot block by
 * itself; and on Back or Forward within the console, through the Navigation API's `navigate`
 * event (the App Router moves between its pages in one document, so `beforeunload` does not
 * fire there). Browsers let a page stop such a step only after someone has used it, and only
 * once per use: someone who has typed an edit is asked.
 */
export function useUnsavedChangesGuard(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      const anchor = (event.target as Element | null)?.closest?.('a[href]');
      if (!(anchor instanceof HTMLAnchorElement) || anchor.target === '_blank') return;
      const url = new URL(anchor.href, window.location.href);
      if (url.origin !== window.location.origin || url.pathname === window.location.pathname) return;
      if (!window.confirm(UNSAVED_CHANGES_MESSAGE)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    const onNavigate = (event: Event) => {
      const { navigationType, destination, cancelable } = event as TraverseGuardEvent;
      if (navigationType !== 'traverse' || !destination.sameDocument || !cancelable) return;
      if (!window.confirm(UNSAVED_CHANGES_MESSAGE)) event.preventDefault();
    };
    const navigation = (window as { navigation?: NavigationEvents }).navigation;
    window.addEventListener('beforeunload', onBeforeUnload);
    document.addEventListener('click', onClick, true);
    navigation?.addEventListener('navigate', onNavigate);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('click', onClick, true);
      navigation?.removeEventListener('navigate', onNavigate);
    };
  }, [dirty]);
}
