import { Show, createResource, createSignal, onMount, type JSX } from 'solid-js'
import { ApiError, api, type LoginResult } from '../api/client'
import { setSession } from '../auth'
import { l, t } from '../i18n'
import { navigate } from '../router'
import { unsentCount } from '../offline/outbox-store'
import { unsentFile } from '../offline/unsent-file'
import { errorMessage } from '../ui/error-message'
import { saveFile } from '../ui/save-file'
import { Notice } from '../ui/notice'

const loginError = (e: unknown): string =>
  errorMessage(e, {
    fields: false,
    status: {
      // The server gives the reason only for the right password (functions/src/auth/login.ts).
      401: (e) => (e.details.reason === 'inactive' ? t('loginInactive') : t('loginInvalid')),
      400: t('loginMissing'),
      429: (e) => {
        const seconds = Number(e.details.retryAfterSeconds)
        return t('loginLocked', { minutes: Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : 15 })
      },
    },
  })

export function LoginPage(props: { expired: boolean; onLoggedIn: () => void }) {
  const [username, setUsername] = createSignal('')
  const [password, setPassword] = createSignal('')
  const [show, setShow] = createSignal(false)
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string>()
  // A login with a one-time password: its limited token may only change the password.
  const [limited, setLimited] = createSignal<{ token: string; password: string }>()
  let usernameInput!: HTMLInputElement
  onMount(() => usernameInput.focus())
  // An officer sent here offline or with an expired session: what they typed is still on the phone, waiting.
  const [unsent] = createResource(unsentCount)

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    if (busy()) return
    if (!username().trim() || !password()) {
      setError(t('loginMissing'))
      return
    }
    setBusy(true)
    setError(undefined)
    try {
      const result = await api.login(username().trim(), password())
      if (result.mustChangePassword) {
        setLimited({ token: result.token, password: password() })
        return
      }
      enter(result)
    } catch (err) {
      setError(loginError(err))
    } finally {
      setBusy(false)
    }
  }

  // A full session, straight away or after the forced change: home forwards each role to its own screen.
  const enter = (result: LoginResult) => {
    setSession(result)
    props.onLoggedIn()
    navigate({ name: 'home' }, { replace: true })
  }

  return (
    <Show
      when={!limited()}
      fallback={<ChangePasswordForm limited={limited()!} onChanged={enter} />}
    >
    <div class="login-wrap">
      <form class="card login" onSubmit={submit} novalidate aria-describedby={error() ? 'login-error' : undefined}>
        <h1>{t('loginTitle')}</h1>
        <p class="muted">{t('loginIntro')}</p>
        <Show when={props.expired && !error()}>
          <Notice kind="warning">{t('errSession')}</Notice>
        </Show>
        <Show when={error()}>{(message) => <Notice kind="error" id="login-error">{message()}</Notice>}</Show>
        <Show when={unsent()}>
          {(n) => (
            <div data-testid="login-unsent">
              <Notice kind="info">
                <p>{t('loginUnsent', { n: n() })}</p>
                <p>{t('loginUnsentLocked')}</p>
                <UnsentDownload />
              </Notice>
            </div>
          )}
        </Show>
        <div class="field">
          <label for="login-username">{t('username')}</label>
          <input
            ref={usernameInput}
            id="login-username"
            name="username"
            class="input"
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            value={username()}
            onInput={(e) => setUsername(e.currentTarget.value)}
            aria-invalid={error() && !username().trim() ? 'true' : undefined}
          />
        </div>
        <div class="field">
          <label for="login-password">{t('password')}</label>
          <input
            id="login-password"
            name="password"
            class="input"
            type={show() ? 'text' : 'password'}
            autocomplete="current-password"
            value={password()}
            onInput={(e) => setPassword(e.currentTarget.value)}
            aria-invalid={error() && !password() ? 'true' : undefined}
          />
          <label class="check">
            <input type="checkbox" checked={show()} onChange={(e) => setShow(e.currentTarget.checked)} />
            {t('showPassword')}
          </label>
        </div>
        <button type="submit" class="btn btn-primary btn-block" disabled={busy()}>
          {busy() ? t('loginSubmitting') : t('loginSubmit')}
        </button>
      </form>
    </div>
    </Show>
  )
}

/**
 * The phone's unsent values as a file, for an officer who cannot sign in any more. Imported with the page, not on
 * click: what it needs (the outbox, the field names) is in the officer's bundle already, and a lazy import made
 * the bundler split those into extra chunks that every officer's first visit on 3G then fetched one by one.
 */
function UnsentDownload() {
  const [state, setState] = createSignal<{ busy?: true; done?: string; failed?: true }>({})
  const download = async () => {
    setState({ busy: true })
    try {
      const file = await unsentFile()
      saveFile(file.filename, file.csv)
      setState({ done: t('loginUnsentDownloaded', { file: file.filename, n: file.count }) })
    } catch (e) {
      console.warn('unsent file', e)
      setState({ failed: true })
    }
  }
  return (
    <>
      <button type="button" class="btn btn-ghost btn-small" data-testid="login-unsent-download" disabled={state().busy} onClick={() => void download()}>
        {state().busy ? t('loginUnsentDownloading') : t('loginUnsentDownload')}
      </button>
      <Show when={state().done}>{(msg) => <p role="status">{msg()}</p>}</Show>
      <Show when={state().failed}>
        <p role="alert">{t('loginUnsentDownloadFailed')}</p>
      </Show>
    </>
  )
}

/** The forced change after a one-time password: the new password is the user's own from here on. */
function ChangePasswordForm(props: { limited: { token: string; password: string }; onChanged: (r: LoginResult) => void }) {
  const [next, setNext] = createSignal('')
  const [again, setAgain] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string>()
  let first!: HTMLInputElement
  onMount(() => first.focus())

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    if (busy()) return
    if (next() !== again()) {
      setError(t('changePwMismatch'))
      return
    }
    setBusy(true)
    setError(undefined)
    try {
      props.onChanged(await api.changePassword(props.limited.token, props.limited.password, next()))
    } catch (err) {
      // The server's password rules come back per field, in both languages.
      const rule = err instanceof ApiError ? err.fields[0]?.message : undefined
      setError(rule ? l(rule) : loginError(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div class="login-wrap">
      <form class="card login" onSubmit={submit} novalidate aria-describedby="changepw-rules">
        <h1>{t('changePwTitle')}</h1>
        <p class="muted">{t('changePwIntro')}</p>
        <Show when={error()}>{(message) => <Notice kind="error">{message()}</Notice>}</Show>
        <NewPasswordField ref={first} id="new-password" label={t('newPassword')} value={next()} onInput={setNext}>
          <p class="hint" id="changepw-rules">{t('changePwRules')}</p>
        </NewPasswordField>
        <NewPasswordField id="new-password-again" label={t('confirmPassword')} value={again()} onInput={setAgain} />
        <button type="submit" class="btn btn-primary btn-block" disabled={busy()}>
          {busy() ? t('changePwSubmitting') : t('changePwSubmit')}
        </button>
      </form>
    </div>
  )
}

/** One of the two boxes of the forced change (the new password and its repetition), with an optional hint below. */
function NewPasswordField(props: {
  id: string
  label: string
  value: string
  onInput: (value: string) => void
  ref?: HTMLInputElement | ((el: HTMLInputElement) => void)
  children?: JSX.Element
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        ref={props.ref}
        id={props.id}
        class="input"
        type="password"
        autocomplete="new-password"
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      {props.children}
    </div>
  )
}
