import { HOTKEYS } from '../utils/hotkeys'

export function HotkeyList() {
  return (
    <section className="card hotkeys" aria-labelledby="hotkeys-title" data-testid="hotkey-list">
      <h3 id="hotkeys-title">Hotkeys</h3>
      <dl>
        {HOTKEYS.map((hotkey) => (
          <div key={hotkey.keys}>
            <dt>
              <kbd>{hotkey.keys}</kbd>
            </dt>
            <dd>{hotkey.description}</dd>
          </div>
        ))}
        <div>
          <dt>
            <kbd>Right-drag</kbd>
          </dt>
          <dd>Window/level: left–right changes the width, up–down the level (values shown bottom left)</dd>
        </div>
      </dl>
    </section>
  )
}
