import './zod-jitless'
import { render } from 'solid-js/web'
import { App } from './app'
import './styles.css'
import { registerServiceWorker } from './offline/register-sw'

render(() => <App />, document.getElementById('root')!)
registerServiceWorker()
