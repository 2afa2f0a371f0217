import { Match, Switch, type Accessor, type JSX, type Resource } from 'solid-js'
import { t } from '../i18n'
import { Loading } from './loading'
import { Notice } from './notice'

/**
 * A list's three states: "Loading…", the network error, or the data. `latest` keeps the last value on screen
 * while a refetch runs, so a refresh after an action does not blank the list on a slow line.
 */
export function Loaded<T>(props: { resource: Resource<T>; children: (value: Accessor<NonNullable<T>>) => JSX.Element }) {
  return (
    <Switch fallback={<Loading />}>
      <Match when={props.resource.error}>
        <Notice kind="error">{t('errNetwork')}</Notice>
      </Match>
      <Match when={props.resource.latest}>{(value) => props.children(value)}</Match>
    </Switch>
  )
}
