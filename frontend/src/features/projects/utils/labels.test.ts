import { describe, expect, it } from 'vitest'
import { defaultLabel, labelProblems } from './labels'

describe('labelProblems', () => {
  it('accepts distinct named labels', () => {
    expect(
      labelProblems([
        { ...defaultLabel(0), name: 'tumour' },
        { ...defaultLabel(1), name: 'oedema' },
      ]),
    ).toEqual([])
  })
  it('names every problem', () => {
    expect(labelProblems([])).toEqual(['Add at least one label.'])
    const twice = [
      { value: 1, name: 'A', color: '#ff0000' },
      { value: 1, name: 'a', color: 'red' },
    ]
    expect(labelProblems(twice)).toEqual([
      'Label names must be distinct.',
      'Label values must be distinct.',
      'Colours are #rrggbb.',
    ])
  })
})
