using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlanServices.Pillars.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class RecordCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "record_counts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Kind = table.Column<int>(type: "int", nullable: false),
                    Basis = table.Column<int>(type: "int", nullable: false),
                    Month = table.Column<int>(type: "int", nullable: false),
                    Code = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: false),
                    Flags = table.Column<int>(type: "int", nullable: false),
                    District = table.Column<int>(type: "int", nullable: false),
                    Valued = table.Column<bool>(type: "bit", nullable: false),
                    Outcome = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false),
                    Sum = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_record_counts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_record_counts_Kind_Basis_Month_Code_Flags_District_Valued_Outcome",
                table: "record_counts",
                columns: new[] { "Kind", "Basis", "Month", "Code", "Flags", "District", "Valued", "Outcome" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "record_counts");
        }
    }
}
