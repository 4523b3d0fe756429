from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 100 * 1024 * 1024


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[("organizations", _("Organizations")), ("declarations", _("Yearly declarations"))],
    )
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "UTF-8 or Windows-1256, separated by semicolons, commas or tabs; "
            "or an Excel .xlsx file."
        ),
    )
    on_error = forms.ChoiceField(
        label=_("If some rows have errors"),
        choices=[
            ("abort", _("Import nothing (fix the file first)")),
            ("skip", _("Import the valid rows, reject the others")),
        ],
        initial="abort",
    )
    dry_run = forms.BooleanField(label=_("Check only, write nothing"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 100 MB: split it."))
        return upload
