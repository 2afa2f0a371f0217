import { Show, createSignal, onMount } from 'solid-js'
import { ApiError, api } from '../api/client'
import { setSession } from '../auth'
import { t, type MessageKey } from '../i18n'
import { navigate } from '../router'
import { Notice } from '../ui/notice'

function loginErrorKey(e: unknown): MessageKey {
  if (!(e instanceof ApiError)) return 'errGeneric'
  if (e.code === 'network' || e.status >= 500) return 'errNetwork'
  if (e.status === 401) return 'loginInvalid'
  if (e.status === 400) return 'loginMissing'
  return 'errGeneric'
}

export function LoginPage(props: { expired: boolean; onLoggedIn: () => void }) {
  const [username, setUsername] = createSignal('')
  const [password, setPassword] = createSignal('')
  const [show, setShow] = createSignal(false)
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<MessageKey>()
  let usernameInput!: HTMLInputElement
  onMount(() => usernameInput.focus())

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    if (busy()) return
    if (!username().trim() || !password()) {
      setError('loginMissing')
      return
    }
    setBusy(true)
    setError(undefined)
    try {
      const result = await api.login(username().trim(), password())
      setSession(result)
      props.onLoggedIn()
      navigate({ name: 'home' }, { replace: true })
    } catch (err) {
      setError(loginErrorKey(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div class="login-wrap">
      <form class="card login" onSubmit={submit} novalidate aria-describedby={error() ? 'login-error' : undefined}>
        <h1>{t('loginTitle')}</h1>
        <p class="muted">{t('loginIntro')}</p>
        <Show when={props.expired && !error()}>
          <Notice kind="warning">{t('errSession')}</Notice>
        </Show>
        <Show when={error()}>{(key) => <Notice kind="error" id="login-error">{t(key())}</Notice>}</Show>
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
            aria-invalid={error() === 'loginMissing' && !username().trim() ? 'true' : undefined}
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
            aria-invalid={error() === 'loginMissing' && !password() ? 'true' : undefined}
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
  )
}
