using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlanServices.Pillars.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ApprovedFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ApprovedFigures",
                table: "paper_versions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RevisedFigures",
                table: "paper_versions",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ApprovedFigures",
                table: "paper_versions");

            migrationBuilder.DropColumn(
                name: "RevisedFigures",
                table: "paper_versions");
        }
    }
}
