// Status Desktop's colours for the visual identity, so a ring drawn here looks like the ring
// the same person has in Status (users compare them to verify each other).

/** Indexed by the colour of each colour-hash segment (0..31); Status Desktop's identicon ring palette. */
export const RING_COLORS = [
  '#000000',
  '#726F6F',
  '#C4C4C4',
  '#E7E7E7',
  '#FFFFFF',
  '#00FF00',
  '#009800',
  '#B8FFBB',
  '#FFC413',
  '#9F5947',
  '#FFFF00',
  '#A8AC00',
  '#FFFFB0',
  '#FF5733',
  '#FF0000',
  '#9A0000',
  '#FF9D9D',
  '#FF0099',
  '#C80078',
  '#FF00FF',
  '#900090',
  '#FFB0FF',
  '#9E00FF',
  '#0000FF',
  '#000086',
  '#9B81FF',
  '#3FAEF9',
  '#9A6600',
  '#00FFFF',
  '#008694',
  '#C2FFFF',
  '#00F0B6',
] as const;

/** Indexed by the colour id (0..10); Status Desktop's user customisation colours (light theme). */
export const USER_COLORS = [
  '#2946C4',
  '#887AF9',
  '#51D0F0',
  '#D37EF4',
  '#FA6565',
  '#FFCA0F',
  '#7CDA00',
  '#26A69A',
  '#8B3131',
  '#9B832F',
  '#C0C0C0',
] as const;
