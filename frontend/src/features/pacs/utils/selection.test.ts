import { describe, expect, it } from 'vitest'
import {
  describeSelection,
  emptySelection,
  importRequest,
  selectNotImported,
  seriesChecked,
  studyCheckState,
  toggleSeries,
  toggleStudy,
} from './selection'

const SERIES = ['1.2.1', '1.2.2', '1.2.3']

describe('PACS selection', () => {
  it('ticks and unticks whole studies', () => {
    let selection = toggleStudy(emptySelection(), 'A')
    expect(studyCheckState(selection, 'A')).toBe('checked')
    expect(seriesChecked(selection, 'A', '1.2.2')).toBe(true)
    selection = toggleStudy(selection, 'A')
    expect(studyCheckState(selection, 'A')).toBe('unchecked')
    expect(selection.size).toBe(0)
  })

  it('unticking one series of a whole study keeps the others, and re-ticking makes it whole again', () => {
    let selection = toggleStudy(emptySelection(), 'A')
    selection = toggleSeries(selection, 'A', '1.2.2', SERIES)
    expect(studyCheckState(selection, 'A')).toBe('mixed')
    expect(seriesChecked(selection, 'A', '1.2.2')).toBe(false)
    expect(importRequest(selection)).toEqual({ studies: [{ study_uid: 'A', series_uids: ['1.2.1', '1.2.3'] }] })
    selection = toggleSeries(selection, 'A', '1.2.2', SERIES)
    expect(studyCheckState(selection, 'A')).toBe('checked')
    expect(importRequest(selection)).toEqual({ studies: [{ study_uid: 'A' }] })
  })

  it('drops a study whose last series is unticked, and picks single series of an unticked one', () => {
    let selection = toggleSeries(emptySelection(), 'B', '1.2.3', SERIES)
    expect(studyCheckState(selection, 'B')).toBe('mixed')
    selection = toggleSeries(selection, 'B', '1.2.3', SERIES)
    expect(selection.has('B')).toBe(false)
  })

  it('an unticked study of the mixed state is removed whole by the study checkbox', () => {
    const selection = toggleStudy(toggleSeries(emptySelection(), 'B', '1.2.3', SERIES), 'B')
    expect(selection.has('B')).toBe(false)
  })

  it('selects every study not imported yet and sends them in the listed order', () => {
    const studies = [
      { study_uid: 'C', imported: false },
      { study_uid: 'A', imported: true },
      { study_uid: 'B', imported: false },
    ]
    const selection = selectNotImported(emptySelection(), studies)
    expect(
      importRequest(
        selection,
        studies.map((s) => s.study_uid),
      ),
    ).toEqual({ studies: [{ study_uid: 'C' }, { study_uid: 'B' }] })
    expect(describeSelection(selection)).toBe('2 studies')
    expect(describeSelection(toggleSeries(selection, 'C', '1.2.1', SERIES))).toBe('2 studies (1 in part)')
    expect(describeSelection(toggleStudy(emptySelection(), 'X'))).toBe('1 study')
  })
})
