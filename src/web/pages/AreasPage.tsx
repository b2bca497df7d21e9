export function AreasPage() {
  return null;
}
