import { createRoot } from 'react-dom/client'
import { AppProvider } from './app/provider'
import { AppRouter } from './app/router'
import './styles.css'

// No <StrictMode>: its mount-unmount-mount of effects would attach two WebGL viewers to one canvas.
createRoot(document.getElementById('root')!).render(
  <AppProvider>
    <AppRouter />
  </AppProvider>,
)
