using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlanServices.Pillars.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReportedValues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_papers_PeriodEnd",
                table: "papers");

            migrationBuilder.DropIndex(
                name: "IX_observations_Indicator_From_To",
                table: "observations");

            migrationBuilder.AddColumn<int>(
                name: "PeriodMonths",
                table: "papers",
                type: "integer",
                nullable: false,
                defaultValue: 3);

            migrationBuilder.AddColumn<bool>(
                name: "Reported",
                table: "observations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_papers_PeriodEnd_PeriodMonths",
                table: "papers",
                columns: new[] { "PeriodEnd", "PeriodMonths" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_observations_Indicator_From_To_Reported",
                table: "observations",
                columns: new[] { "Indicator", "From", "To", "Reported" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_papers_PeriodEnd_PeriodMonths",
                table: "papers");

            migrationBuilder.DropIndex(
                name: "IX_observations_Indicator_From_To_Reported",
                table: "observations");

            migrationBuilder.DropColumn(
                name: "PeriodMonths",
                table: "papers");

            migrationBuilder.DropColumn(
                name: "Reported",
                table: "observations");

            migrationBuilder.CreateIndex(
                name: "IX_papers_PeriodEnd",
                table: "papers",
                column: "PeriodEnd",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_observations_Indicator_From_To",
                table: "observations",
                columns: new[] { "Indicator", "From", "To" },
                unique: true);
        }
    }
}
