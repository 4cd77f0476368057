/** Who is acting: a signed-in user, or a system process (the import worker runs for the user who started the import). */
export interface Actor {
  userId: number | null;
  label: string;
}
