// What a dialog built on AdminFormDialog.vue reaches through its template ref.
export interface FormDialogApi {
  validate(): Promise<boolean>;
  clearValidate(): void;
}
