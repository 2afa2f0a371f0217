import { Show, createContext, useContext, type Accessor, type JSX, type ParentProps, type Resource } from 'solid-js'
import type { Me } from '../api/client'
import { Loading } from '../ui/loading'

// The signed-in user (GET /me: the user, their unit and the communes they may open), given once by the shell
// (app.tsx) to every page below it instead of a `me` prop on each.
const MeContext = createContext<Resource<Me>>()

export function MeProvider(props: ParentProps<{ me: Resource<Me> }>) {
  return <MeContext.Provider value={props.me}>{props.children}</MeContext.Provider>
}

/** The signed-in user as a resource (loading, failed, or known); only inside the shell. */
export function useMe(): Resource<Me> {
  const me = useContext(MeContext)
  if (!me) throw new Error('useMe() outside <MeProvider>')
  return me
}

/** Its children once the signed-in user is known; "loading" until then. */
export function WithMe(props: { children: (me: Accessor<Me>) => JSX.Element }) {
  const me = useMe()
  return (
    <Show when={me.latest} fallback={<Loading />}>
      {(m) => props.children(m)}
    </Show>
  )
}
